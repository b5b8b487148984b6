import { describe, expect, it } from 'vitest'
import { summarizeLiveStream } from '../../../../server/platforms/twitch/index.ts'

const START = Date.UTC(2026, 10, 20, 18)
const at = (minutes: number) => new Date(START + minutes * 60_000)

describe('live stream summary', () => {
  const quarterHourly = [{ at: at(0), viewers: 100 }, { at: at(15), viewers: 200 }, { at: at(30), viewers: 300 }, { at: at(45), viewers: 100 }]

  it('counts each sample until the next one, the last one until the end', () => {
    expect(summarizeLiveStream(quarterHourly, at(60))).toEqual({ peakViewers: 300, averageViewers: 175, hoursWatched: 175, hoursLive: 1 })
  })

  it('ends at the last sample when the end is unknown', () => {
    expect(summarizeLiveStream(quarterHourly)).toEqual({ peakViewers: 300, averageViewers: 200, hoursWatched: 150, hoursLive: 0.75 })
  })

  it('weighs samples by the time they cover, not equally', () => {
    const summary = summarizeLiveStream([{ at: at(0), viewers: 100 }, { at: at(10), viewers: 400 }], at(40))
    expect(summary?.hoursWatched).toBeCloseTo(100 / 6 + 200)
    expect(summary?.averageViewers).toBe(325)
  })

  it('does not depend on the order the samples come in', () => {
    expect(summarizeLiveStream([...quarterHourly].reverse(), at(60))).toEqual(summarizeLiveStream(quarterHourly, at(60)))
  })

  it('takes a single sample\'s count as the average', () => {
    expect(summarizeLiveStream([{ at: at(0), viewers: 42 }])).toEqual({ peakViewers: 42, averageViewers: 42, hoursWatched: 0, hoursLive: 0 })
  })

  it('rounds the average to whole viewers', () => {
    expect(summarizeLiveStream([{ at: at(0), viewers: 1 }, { at: at(30), viewers: 2 }, { at: at(60), viewers: 2 }])?.averageViewers).toBe(2)
  })

  it('has nothing to say without samples', () => {
    expect(summarizeLiveStream([])).toBeNull()
  })
})
