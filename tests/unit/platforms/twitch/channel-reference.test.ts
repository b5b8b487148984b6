import { describe, expect, it } from 'vitest'
import { parseTwitchChannelReference } from '../../../../server/platforms/twitch/index.ts'

describe('Twitch channel references', () => {
  it.each([
    ['twitchdev', 'twitchdev'],
    ['TwitchDev', 'twitchdev'],
    ['  @twitchdev ', 'twitchdev'],
    ['https://www.twitch.tv/twitchdev', 'twitchdev'],
    ['twitch.tv/twitchdev/videos', 'twitchdev'],
    ['http://m.twitch.tv/TwitchDev?lang=en', 'twitchdev'],
    ['www.twitch.tv/twitch_dev_2/', 'twitch_dev_2'],
    ['HTTPS://TWITCH.TV/abcd', 'abcd'],
  ])('"%s" names %s', (input, login) => {
    expect(parseTwitchChannelReference(input)).toEqual({ ok: true, login })
  })

  it.each([
    ['', 'Enter a Twitch login or channel address'],
    ['abc', 'A Twitch login has 4 to 25 characters; "abc" has 3'],
    ['a'.repeat(26), 'A Twitch login has 4 to 25 characters'],
    ['twitch-dev', 'A Twitch login has only letters, digits and underscores: "twitch-dev" is not one'],
    ['twitch dev', 'only letters, digits and underscores'],
    ['https://www.youtube.com/@twitchdev', 'is not a twitch.tv address'],
    ['https://www.twitch.tv/', 'names no channel'],
    ['https://www.twitch.tv/videos/335921245', 'is a Twitch page, not a channel'],
    ['twitch.tv/directory/category/chess', 'is a Twitch page, not a channel'],
    ['https://www.twitch.tv/ab', 'has 2'],
    ['http://[bad', 'neither a Twitch login nor a Twitch address'],
  ])('"%s" is refused: %s', (input, message) => {
    const reference = parseTwitchChannelReference(input)
    expect(reference.ok).toBe(false)
    expect(reference.ok ? '' : reference.message).toContain(message)
  })
})
