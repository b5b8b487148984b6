import { describe, expect, it } from 'vitest'
import { parseChannelReference } from '../../../../server/platforms/youtube/index.ts'

const GOOGLE = 'UCK8sQmJBp8GCxrOtXWBpyEA'

describe('parseChannelReference', () => {
  it.each([
    [GOOGLE, { kind: 'channelId', channelId: GOOGLE }],
    [`  ${GOOGLE}\n`, { kind: 'channelId', channelId: GOOGLE }],
    ['@googledevelopers', { kind: 'handle', handle: 'googledevelopers' }],
    ['@Google.Dev-team_1', { kind: 'handle', handle: 'Google.Dev-team_1' }],
    ['@ヒカキン', { kind: 'handle', handle: 'ヒカキン' }],
    ['https://www.youtube.com/@google', { kind: 'handle', handle: 'google' }],
    ['https://www.youtube.com/@google/videos?si=abc', { kind: 'handle', handle: 'google' }],
    ['youtube.com/@google', { kind: 'handle', handle: 'google' }],
    ['http://m.youtube.com/@google/', { kind: 'handle', handle: 'google' }],
    ['https://www.youtube.com/@%E3%83%92%E3%82%AB%E3%82%AD%E3%83%B3', { kind: 'handle', handle: 'ヒカキン' }],
    [`https://www.youtube.com/channel/${GOOGLE}`, { kind: 'channelId', channelId: GOOGLE }],
    [`www.youtube.com/channel/${GOOGLE}/featured`, { kind: 'channelId', channelId: GOOGLE }],
    [`https://music.youtube.com/channel/${GOOGLE}`, { kind: 'channelId', channelId: GOOGLE }],
    ['https://www.youtube.com/user/GoogleDevelopers', { kind: 'username', username: 'GoogleDevelopers' }],
  ])('reads %j', (input, reference) => {
    expect(parseChannelReference(input)).toEqual({ ok: true, reference })
  })

  it.each([
    ['', /@handle/],
    ['   ', /@handle/],
    ['googledevelopers', /Did you mean the handle @googledevelopers\?/],
    ['Google Developers', /@handle/],
    ['@ab', /3 to 30/],
    ['@has space', /not a YouTube handle/],
    [`@${'a'.repeat(31)}`, /3 to 30/],
    ['UCK8sQmJBp8GCxrOtXWBpyE', /UC followed by 22/],
    [`https://www.youtube.com/channel/UC123`, /UC followed by 22/],
    ['https://www.youtube.com/c/GoogleDevelopers', /Custom links like youtube\.com\/c\/name cannot be looked up/],
    ['https://www.youtube.com/GoogleDevelopers', /cannot be looked up/],
    ['https://www.youtube.com/watch?v=Ks-_Mh1QhMc', /link to a video/],
    ['https://www.youtube.com/shorts/abc123', /link to a video/],
    ['https://youtu.be/Ks-_Mh1QhMc', /link to a video/],
    ['https://www.youtube.com/', /does not name a channel/],
    ['https://www.twitch.tv/google', /not a YouTube link/],
    ['https://notyoutube.com/@google', /not a YouTube link/],
    ['https://www.youtube.com/@%E3%83', /malformed/],
  ])('refuses %j with a message saying what to type', (input, message) => {
    const parsed = parseChannelReference(input)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.message).toMatch(message)
  })
})
