/** Progress on stderr: a redrawn bar on a terminal, a plain line every few percent otherwise (logs, CI). */
export interface ProgressReporter {
  update(done: number, total: number, label: string): void
  finish(message: string): void
}

const BAR_WIDTH = 30
const PLAIN_STEP_PERCENT = 10

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (stream.isTTY) {
    return {
      update(done, total, label) {
        const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH)
        stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${label}\u001B[K`)
      },
      finish(message) {
        stream.write(`\r\u001B[K${message}\n`)
      },
    }
  }
  let lastReported = -1
  return {
    update(done, total, label) {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100)
      const step = Math.floor(percent / PLAIN_STEP_PERCENT)
      if (step === lastReported && done !== total) return
      lastReported = step
      stream.write(`${percent}% (${done}/${total}) ${label}\n`)
    },
    finish(message) {
      stream.write(`${message}\n`)
    },
  }
}
