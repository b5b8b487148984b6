import { describe, expect, it } from 'vitest'
import { createCallPacer } from '../../../../server/sync/twitch/call-pacer.ts'

function pacerOnAClock(startMs: number, options: { perMinute: number, burst: number }) {
  let nowMs = startMs
  const sleeps: number[] = []
  const pace = createCallPacer({ ...options, now: () => nowMs, sleep: async ms => void sleeps.push(ms) })
  return { pace, sleeps, advance: (ms: number) => void (nowMs += ms) }
}

describe('createCallPacer', () => {
  it('lets the burst go at once, then gives calls asked at one instant consecutive slots', async () => {
    const { pace, sleeps } = pacerOnAClock(0, { perMinute: 600, burst: 2 })
    await Promise.all([pace(), pace(), pace(), pace(), pace()])
    expect(sleeps).toEqual([100, 200, 300])
  })

  it('refills with time, never beyond the burst', async () => {
    const { pace, sleeps, advance } = pacerOnAClock(0, { perMinute: 600, burst: 2 })
    await Promise.all([pace(), pace()])
    advance(150)
    await pace()
    expect(sleeps).toEqual([])
    advance(60_000)
    await Promise.all([pace(), pace(), pace()])
    expect(sleeps).toEqual([100])
  })
})
