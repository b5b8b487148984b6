import { describe, expect, it } from 'vitest'
import { createRateLimitGate } from '../../../../server/platforms/twitch/rate-limit-gate.ts'
import { TwitchRateLimitedError } from '../../../../server/platforms/twitch/index.ts'
import { START_MS, fakeClock } from './twitch-test-harness.ts'

function gateWith(clock = fakeClock(), maxWaitMs = 65_000) {
  return { clock, gate: createRateLimitGate({ now: clock.now, sleep: clock.sleep, maxWaitMs, lowPoints: 10 }) }
}

const headers = (remaining: number, resetInSeconds: number) => new Headers({ 'ratelimit-remaining': String(remaining), 'ratelimit-reset': String(START_MS / 1000 + resetInSeconds) })

describe('rate-limit gate', () => {
  it('lets calls through before any answer told the bucket\'s level', async () => {
    const { clock, gate } = gateWith()
    for (let call = 0; call < 50; call++) await gate.awaitCapacity('/users')
    expect(clock.sleeps).toEqual([])
  })

  it('counts calls sent since the last answer, and waits once they drain the bucket to the low mark', async () => {
    const { clock, gate } = gateWith()
    gate.observe(headers(12, 40))
    await gate.awaitCapacity('/users')
    await gate.awaitCapacity('/users')
    expect(clock.sleeps).toEqual([])
    await gate.awaitCapacity('/users')
    expect(clock.sleeps).toEqual([40_000])
    await gate.awaitCapacity('/users')
    expect(clock.sleeps).toEqual([40_000])
  })

  it('does not wait for a reset that has passed', async () => {
    const { clock, gate } = gateWith()
    gate.observe(headers(0, -1))
    await gate.awaitCapacity('/users')
    expect(clock.sleeps).toEqual([])
  })

  it('refuses to wait longer than its limit, naming the reset', async () => {
    const { clock, gate } = gateWith(fakeClock(), 30_000)
    gate.observe(headers(0, 31))
    const failure = gate.awaitCapacity('/streams')
    await expect(failure).rejects.toBeInstanceOf(TwitchRateLimitedError)
    await expect(failure).rejects.toMatchObject({ endpoint: '/streams', resetAt: new Date(START_MS + 31_000), message: expect.stringContaining('31 s') })
    expect(clock.sleeps).toEqual([])
  })

  it('ignores headers it cannot read', async () => {
    const { clock, gate } = gateWith()
    gate.observe(new Headers({ 'ratelimit-remaining': 'many', 'ratelimit-reset': '' }))
    await gate.awaitCapacity('/users')
    expect(clock.sleeps).toEqual([])
  })
})
