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

const STREAMS = '/helix/streams'
const realPage = twitchFixture('twitch-helix.streams.json')
const realLastPage = twitchFixture('twitch-helix.streams.user_login.json')
const [baseStream] = realPage.data

function stream(id: string, userId: string, viewers: number) {
  return { ...baseStream, id, user_id: userId, user_login: `user_${userId}`, viewer_count: viewers }
}

/** Answers by the `after` cursor of the request. */
function pagedBy(pages: Record<string, unknown>) {
  return (request: RecordedRequest) => ({ body: pages[request.query.get('after') ?? 'first'] })
}

describe('Twitch live streams', () => {
  it('follows the cursor of the real Get Streams answers to the last page', async () => {
    server.route(STREAMS, pagedBy({ first: realPage, [realPage.pagination.cursor]: realLastPage }))
    const streams = await connectorFor(server, fakeClock()).liveStreams(['98765', '101051819'])
    expect(streams.map(live => [live.id, live.user_login, live.viewer_count])).toEqual([['123456789', 'sandysanderman', 78365], ['40952121085', 'afro', 1490]])
    const [first, second] = server.requestsTo(STREAMS)
    expect(first?.query.getAll('user_id')).toEqual(['98765', '101051819'])
    expect(first?.query.get('first')).toBe('100')
    expect(first?.query.has('after')).toBe(false)
    expect(second?.query.get('after')).toBe(realPage.pagination.cursor)
  })

  it('keeps a stream once, with its latest count, when viewer changes move it onto the next page too', async () => {
    server.route(STREAMS, pagedBy({
      first: { data: [stream('s1', '1', 900), stream('s2', '2', 500)], pagination: { cursor: 'c1' } },
      c1: { data: [stream('s2', '2', 510), stream('s3', '3', 400)], pagination: { cursor: 'c2' } },
      c2: { data: [], pagination: {} },
    }))
    const streams = await connectorFor(server, fakeClock()).liveStreams(['1', '2', '3'])
    expect(streams.map(live => [live.id, live.viewer_count])).toEqual([['s1', 900], ['s2', 510], ['s3', 400]])
    expect(server.requestsTo(STREAMS)).toHaveLength(3)
  })

  it('asks for 150 users in two batches', async () => {
    const ids = Array.from({ length: 150 }, (_, index) => String(index + 1))
    server.route(STREAMS, request => ({ body: { data: request.query.getAll('user_id').slice(0, 1).map(id => stream(`s${id}`, id, 10)), pagination: {} } }))
    const streams = await connectorFor(server, fakeClock()).liveStreams(ids)
    expect(server.requestsTo(STREAMS).map(request => request.query.getAll('user_id').length)).toEqual([100, 50])
    expect(streams.map(live => live.id)).toEqual(['s1', 's101'])
  })
})
