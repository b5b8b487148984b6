import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFakeTwitchServer, type FakeTwitchServer } from './fake-twitch-server.ts'
import { connectorFor, fakeClock } from './twitch-test-harness.ts'

let server: FakeTwitchServer
beforeAll(async () => {
  server = await startFakeTwitchServer()
})
afterAll(() => server.close())
beforeEach(() => server.reset())

describe('Twitch users', () => {
  it('asks for 250 ids in three calls of at most 100, once each', async () => {
    const ids = Array.from({ length: 250 }, (_, index) => String(1000 + index))
    const users = await connectorFor(server, fakeClock()).usersByIds([...ids, ids[0]!, ids[249]!])
    expect(server.requestsTo('/helix/users').map(request => request.query.getAll('id').length)).toEqual([100, 100, 50])
    expect(server.requestsTo('/helix/users').flatMap(request => request.query.getAll('id'))).toEqual(ids)
    expect(users.map(user => user.id)).toEqual(ids)
  })

  it('finds users by login, with the real Get Users answer', async () => {
    const [user] = await connectorFor(server, fakeClock()).usersByLogins(['twitchdev'])
    expect(server.requestsTo('/helix/users')[0]?.query.getAll('login')).toEqual(['twitchdev'])
    expect(user).toMatchObject({ id: '141981764', display_name: 'TwitchDev', broadcaster_type: 'partner', created_at: '2016-12-14T20:32:28Z' })
  })

  it('makes no call for no ids', async () => {
    expect(await connectorFor(server, fakeClock()).usersByIds([])).toEqual([])
    expect(server.requests).toHaveLength(0)
  })
})
