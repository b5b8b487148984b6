import { describe, expect, it } from 'vitest'
import { isoDurationSeconds } from '../../../../server/platforms/youtube/index.ts'

describe('isoDurationSeconds', () => {
  it.each([
    ['PT21M3S', 1263],
    ['PT1M30S', 90],
    ['PT2M39S', 159],
    ['PT0S', 0],
    ['P0D', 0],
    ['PT45S', 45],
    ['PT1H', 3600],
    ['PT1H30M50S', 5450],
    ['P1DT2H', 93_600],
    ['P1DT2H3M4S', 93_784],
    ['P2W', 1_209_600],
    ['PT1.6S', 2],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(isoDurationSeconds(text)).toBe(seconds)
  })

  it.each(['', 'P', 'PT', 'P1DT', '21:03', 'PT21M3', 'pt21m3s', 'P1Y', 'P1M', 'PT-5S', ' PT5S', 'PT5S '])('refuses %j', (text) => {
    expect(isoDurationSeconds(text)).toBeNull()
  })
})
