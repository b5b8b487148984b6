import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { TwitchAuthError } from '../../../../server/platforms/twitch/index.ts'
import { startFakeTwitchServer, type FakeTwitchServer } from './fake-twitch-server.ts'
import { bearersOf, connectorFor, fakeClock } from './twitch-test-harness.ts'

let server: FakeTwitchServer
beforeAll(async () => {
  server = await startFakeTwitchServer({ tokenExpiresIn: 3600 })
})
afterAll(() => server.close())
beforeEach(() => server.reset())

describe('Twitch app token', () => {
  it('is requested with the client credentials grant, as a form', async () => {
    await connectorFor(server, fakeClock()).followersTotal('141981764')
    const [tokenRequest] = server.requestsTo('/oauth2/token')
    expect(tokenRequest?.method).toBe('POST')
    expect(Object.fromEntries(new URLSearchParams(tokenRequest?.body))).toEqual({
      client_id: server.clientId, client_secret: server.clientSecret, grant_type: 'client_credentials',
    })
    expect(server.requestsTo('/helix/channels/followers')[0]?.headers).toMatchObject({ 'client-id': server.clientId, 'authorization': 'Bearer fake-token-1' })
  })

  it('is fetched once for a burst of concurrent calls', async () => {
    const connector = connectorFor(server, fakeClock())
    await Promise.all(['1', '2', '3', '4', '5'].map(id => connector.followersTotal(id)))
    expect(server.tokensIssued()).toBe(1)
    expect(bearersOf(server, '/helix/channels/followers')).toEqual(Array.from({ length: 5 }, () => 'fake-token-1'))
  })

  it('is reused until five minutes before it expires, then refreshed', async () => {
    const clock = fakeClock()
    const connector = connectorFor(server, clock)
    await connector.followersTotal('1')
    clock.advance(3600_000 - 300_000 - 1)
    await connector.followersTotal('1')
    expect(server.tokensIssued()).toBe(1)
    clock.advance(1)
    await connector.followersTotal('1')
    expect(server.tokensIssued()).toBe(2)
    expect(bearersOf(server, '/helix/channels/followers')).toEqual(['fake-token-1', 'fake-token-1', 'fake-token-2'])
  })

  it('is retried when the token endpoint fails for a moment', async () => {
    server.enqueue('/oauth2/token', { status: 503, body: { status: 503, message: 'unavailable' } })
    expect(await connectorFor(server, fakeClock()).followersTotal('1')).toBe(8)
    expect(server.requestsTo('/oauth2/token')).toHaveLength(2)
  })

  it.each([
    { wrong: 'secret', overrides: { clientSecret: 'not-the-secret' }, status: 403, message: /invalid client secret/ },
    { wrong: 'client id', overrides: { clientId: 'not-the-client' }, status: 400, message: /invalid client/ },
  ])('fails with TwitchAuthError for a wrong $wrong, without calling Helix or retrying', async ({ overrides, status, message }) => {
    const failure = connectorFor(server, fakeClock(), overrides).followersTotal('1')
    await expect(failure).rejects.toBeInstanceOf(TwitchAuthError)
    await expect(failure).rejects.toMatchObject({ status, message })
    expect(server.requestsTo('/oauth2/token')).toHaveLength(1)
    expect(server.requestsTo('/helix/channels/followers')).toHaveLength(0)
  })

  it('is requested again by the next call after a failed attempt', async () => {
    server.enqueue('/oauth2/token', ...Array.from({ length: 4 }, () => ({ status: 500 })))
    const connector = connectorFor(server, fakeClock())
    await expect(connector.followersTotal('1')).rejects.toMatchObject({ status: 500 })
    expect(await connector.followersTotal('1')).toBe(8)
  })
})
