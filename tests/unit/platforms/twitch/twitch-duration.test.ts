import { describe, expect, it } from 'vitest'
import { parseTwitchDuration } from '../../../../server/platforms/twitch/index.ts'

describe('Twitch video durations', () => {
  it.each([
    ['3h8m33s', 11_313],
    ['45m2s', 2702],
    ['12s', 12],
    ['3m21s', 201],
    ['1h', 3600],
    ['2h0m0s', 7200],
    ['10h5s', 36_005],
    [' 12s ', 12],
  ])('"%s" is %i seconds', (duration, seconds) => {
    expect(parseTwitchDuration(duration)).toBe(seconds)
  })

  it.each(['', 'abc', '10', '3:08:33', 'PT21M3S', '5m3h', '1.5h', '-3s', 'h'])('"%s" is not a duration', (duration) => {
    expect(parseTwitchDuration(duration)).toBeNull()
  })
})
