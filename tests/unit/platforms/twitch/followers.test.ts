import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFakeTwitchServer, type FakeTwitchServer } from './fake-twitch-server.ts'
import { twitchFixture } from './twitch-fixtures.ts'
import { connectorFor, fakeClock } from './twitch-test-harness.ts'

let server: FakeTwitchServer
beforeAll(async () => {
  server = await startFakeTwitchServer()
})
afterAll(() => server.close())
beforeEach(() => server.reset())

const FOLLOWERS = '/helix/channels/followers'

describe('Twitch followers total', () => {
  it('reads `total` of the real answer, asking for one follower and no further page', async () => {
    server.route(FOLLOWERS, () => ({ body: twitchFixture('twitch-helix.channels.followers.json') }))
    expect(await connectorFor(server, fakeClock()).followersTotal('141981764')).toBe(8)
    expect(server.requestsTo(FOLLOWERS).map(request => Object.fromEntries(request.query))).toEqual([{ broadcaster_id: '141981764', first: '1' }])
  })

  it('reads the total when an app token gets no follower list', async () => {
    server.route(FOLLOWERS, () => ({ body: { total: 1234567, data: [], pagination: {} } }))
    expect(await connectorFor(server, fakeClock()).followersTotal('1')).toBe(1234567)
  })
})
