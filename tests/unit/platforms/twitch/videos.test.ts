import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFakeTwitchServer, type FakeTwitchServer, type RecordedRequest } from './fake-twitch-server.ts'
import { twitchFixture } from './twitch-fixtures.ts'
import { connectorFor, fakeClock } from './twitch-test-harness.ts'

let server: FakeTwitchServer
beforeAll(async () => {
  server = await startFakeTwitchServer()
})
afterAll(() => server.close())
beforeEach(() => server.reset())

const VIDEOS = '/helix/videos'
const realArchive = twitchFixture('twitch-helix.videos.archive.json')
const [baseVideo] = realArchive.data

/** Page n (1-based) holds two archives a day apart, newest first, from 2026-11-20 back. */
function archivePages(pageCount: number) {
  return (request: RecordedRequest) => {
    const page = Number(request.query.get('after') ?? '1')
    const day = (offset: number) => new Date(Date.UTC(2026, 10, 20 - offset)).toISOString().replace('.000', '')
    const data = [0, 1].map(slot => ({ ...baseVideo, id: `v${page}-${slot}`, created_at: day((page - 1) * 2 + slot) }))
    return { body: { data, pagination: page < pageCount ? { cursor: String(page + 1) } : {} } }
  }
}

describe('Twitch archive videos', () => {
  it('reads the real archive answer, asking for one user\'s past broadcasts, 100 a page', async () => {
    server.route(VIDEOS, request => ({ body: request.query.has('after') ? { data: [], pagination: {} } : realArchive }))
    const videos = await connectorFor(server, fakeClock()).archiveVideos('67955580')
    expect(videos.map(video => [video.id, video.duration, video.view_count])).toEqual([['234482848', '3h8m33s', 142]])
    const [first, second] = server.requestsTo(VIDEOS)
    expect(Object.fromEntries(first!.query)).toEqual({ user_id: '67955580', type: 'archive', first: '100' })
    expect(second?.query.get('after')).toBe(realArchive.pagination.cursor)
  })

  it('stops at the first video older than `since`', async () => {
    server.route(VIDEOS, archivePages(10))
    const videos = await connectorFor(server, fakeClock()).archiveVideos('1', { since: new Date(Date.UTC(2026, 10, 17)), maxPages: 10 })
    expect(videos.map(video => video.id)).toEqual(['v1-0', 'v1-1', 'v2-0', 'v2-1'])
    expect(server.requestsTo(VIDEOS)).toHaveLength(3)
  })

  it('stops after `maxPages` pages', async () => {
    server.route(VIDEOS, archivePages(10))
    const videos = await connectorFor(server, fakeClock()).archiveVideos('1', { maxPages: 2 })
    expect(videos).toHaveLength(4)
    expect(server.requestsTo(VIDEOS)).toHaveLength(2)
  })

  it('stops at the last page', async () => {
    server.route(VIDEOS, archivePages(2))
    expect(await connectorFor(server, fakeClock()).archiveVideos('1', { maxPages: 5 })).toHaveLength(4)
    expect(server.requestsTo(VIDEOS)).toHaveLength(2)
  })
})
