import { describe, expect, it } from 'vitest'
import { nextQuotaResetAt } from '../../../../server/platforms/youtube/index.ts'

describe('nextQuotaResetAt', () => {
  it.each([
    // Summer (PDT, UTC-7): midnight Pacific is 07:00 UTC.
    ['2026-07-15T12:00:00Z', '2026-07-16T07:00:00.000Z'],
    ['2026-07-16T06:59:59Z', '2026-07-16T07:00:00.000Z'],
    ['2026-07-16T07:00:00Z', '2026-07-17T07:00:00.000Z'],
    // Winter (PST, UTC-8): 08:00 UTC.
    ['2026-01-10T03:00:00Z', '2026-01-10T08:00:00.000Z'],
    ['2026-12-31T20:00:00Z', '2027-01-01T08:00:00.000Z'],
    // The days clocks change (8 March and 1 November 2026).
    ['2026-03-08T12:00:00Z', '2026-03-09T07:00:00.000Z'],
    ['2026-11-01T12:00:00Z', '2026-11-02T08:00:00.000Z'],
  ])('after %s it is %s', (now, reset) => {
    expect(nextQuotaResetAt(new Date(now)).toISOString()).toBe(reset)
  })
})
