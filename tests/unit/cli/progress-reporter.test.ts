import { describe, expect, it, vi } from 'vitest'
import { elapsedReporter } from '../../../server/cli/progress-reporter.ts'

function fakeStream(isTTY: boolean) {
  const writes: string[] = []
  return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream }
}

describe('elapsedReporter', () => {
  it('on a terminal: a spinner line with the elapsed time, redrawn in place and cleared at the end', () => {
    vi.useFakeTimers()
    const { writes, stream } = fakeStream(true)
    const progress = elapsedReporter('Running trending:compute', stream)
    vi.advanceTimersByTime(250)
    progress.stop()
    vi.useRealTimers()
    expect(writes).toHaveLength(4)
    const clearToEnd = '\u001B[K'
    for (const frame of writes.slice(0, -1)) {
      expect(frame.endsWith(clearToEnd)).toBe(true)
      expect(frame.slice(0, -clearToEnd.length)).toMatch(/^\r\S Running trending:compute \d+\.\d s$/)
    }
    expect(writes.at(-1)).toBe('\r\u001B[K')
  })

  it('piped: one plain line, and nothing to clear', () => {
    const { writes, stream } = fakeStream(false)
    elapsedReporter('Running trending:compute', stream).stop()
    expect(writes).toEqual(['Running trending:compute\n'])
  })
})
