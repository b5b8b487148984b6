import { describe, expect, it } from 'vitest'
import { parseUploadFeed, YoutubeApiError, YoutubeUnexpectedResponseError } from '../../../../server/platforms/youtube/index.ts'
import { atomFeed } from './fake-youtube-data.ts'
import { useFakeYoutube } from './use-fake-youtube.ts'

const { fake, connector, unitsReported } = useFakeYoutube()
const CHANNEL = 'UC_x5XG1OV2P6uZZ5FSM9Ttw'

const FEED = atomFeed(CHANNEL, 'Google for Developers', [
  { videoId: 'UZ4n1n13crI', title: 'Unleash Your Web Development Potential with dval.dev', published: '2023-07-21T19:00:27+00:00', updated: '2023-07-22T08:10:00+00:00', views: 1234 },
  { videoId: 'gwA0TqSN6lg', title: 'Q&A: <Finale> & "Last.fm"', published: '2023-07-21T19:00:15+00:00' },
  { videoId: 'bbWUwPHnBTc', title: '2024', published: '2023-07-20T21:00:30+00:00' },
])

describe('fetchUploadFeed', () => {
  it('reads video ids, titles and dates from the channel feed, without key or quota', async () => {
    fake().setFeed(CHANNEL, FEED)
    const entries = await connector().fetchUploadFeed(CHANNEL)
    expect(entries).toEqual([
      { videoId: 'UZ4n1n13crI', channelId: CHANNEL, title: 'Unleash Your Web Development Potential with dval.dev', publishedAt: new Date('2023-07-21T19:00:27Z'), updatedAt: new Date('2023-07-22T08:10:00Z') },
      { videoId: 'gwA0TqSN6lg', channelId: CHANNEL, title: 'Q&A: <Finale> & "Last.fm"', publishedAt: new Date('2023-07-21T19:00:15Z'), updatedAt: new Date('2023-07-21T19:00:15Z') },
      // A title that looks like a number stays text.
      { videoId: 'bbWUwPHnBTc', channelId: CHANNEL, title: '2024', publishedAt: new Date('2023-07-20T21:00:30Z'), updatedAt: new Date('2023-07-20T21:00:30Z') },
    ])
    expect(fake().requests).toEqual([{ endpoint: 'feed', path: '/feeds/videos.xml', query: { channel_id: CHANNEL } }])
    expect(unitsReported).toEqual([])
  })

  it('retries a 500 like the API', async () => {
    fake().setFeed(CHANNEL, FEED)
    fake().script('feed', { status: 500, body: '<html>Error</html>', contentType: 'text/html' })
    expect(await connector().fetchUploadFeed(CHANNEL)).toHaveLength(3)
    expect(fake().requestsTo('feed')).toHaveLength(2)
  })

  it('fails with the status for a channel the feed does not know', async () => {
    const error = await connector().fetchUploadFeed('UC0000000000000000000404').catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(YoutubeApiError)
    expect(error).toMatchObject({ endpoint: 'feed', status: 404 })
    expect(fake().requestsTo('feed')).toHaveLength(1)
  })
})

describe('parseUploadFeed', () => {
  it('reads a feed of one entry as a list of one', () => {
    const entries = parseUploadFeed(atomFeed(CHANNEL, 'One', [{ videoId: 'only1', title: 'Only', published: '2026-01-02T03:04:05+00:00' }]))
    expect(entries.map(entry => entry.videoId)).toEqual(['only1'])
  })

  it('reads a channel without uploads as no entries', () => {
    expect(parseUploadFeed(atomFeed(CHANNEL, 'Empty', []))).toEqual([])
  })

  it.each([
    ['text that is not XML', 'Sign in to continue <b>now'],
    ['an entry without a video id', atomFeed(CHANNEL, 'Broken', [{ videoId: 'x', title: 'X', published: '2026-01-02T03:04:05+00:00' }]).replace(/<yt:videoId>x<\/yt:videoId>/, '')],
    ['an entry with a malformed date', atomFeed(CHANNEL, 'Broken', [{ videoId: 'x', title: 'X', published: 'yesterday' }])],
  ])('fails clearly on %s', (_case, xml) => {
    expect(() => parseUploadFeed(xml)).toThrow(YoutubeUnexpectedResponseError)
  })
})
