import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { TwitchApiError, TwitchAuthError, TwitchRateLimitedError } from '../../../../server/platforms/twitch/index.ts'
import { startFakeTwitchServer, type FakeTwitchServer } from './fake-twitch-server.ts'
import { twitchFixture } from './twitch-fixtures.ts'
import { START_MS, bearersOf, connectorFor, fakeClock } from './twitch-test-harness.ts'

let server: FakeTwitchServer
beforeAll(async () => {
  server = await startFakeTwitchServer()
})
afterAll(() => server.close())
beforeEach(() => server.reset())

const USERS = '/helix/users'
const startSeconds = START_MS / 1000

describe('Helix client: 401', () => {
  it('gets a new token and retries once when Twitch refuses the token', async () => {
    const connector = connectorFor(server, fakeClock())
    await connector.usersByIds(['1'])
    server.revokeTokens()
    expect(await connector.usersByIds(['2'])).toMatchObject([{ id: '2' }])
    expect(server.tokensIssued()).toBe(2)
    expect(bearersOf(server, USERS)).toEqual(['fake-token-1', 'fake-token-1', 'fake-token-2'])
  })

  it('fails with TwitchAuthError when the fresh token is refused too, without looping', async () => {
    const refused = { status: 401, body: twitchFixture('twitch-error.401.invalid_token.json') }
    server.enqueue(USERS, refused, refused, refused)
    const failure = connectorFor(server, fakeClock()).usersByIds(['1'])
    await expect(failure).rejects.toBeInstanceOf(TwitchAuthError)
    await expect(failure).rejects.toMatchObject({ status: 401, message: expect.stringContaining('Invalid OAuth token') })
    expect(server.requestsTo(USERS)).toHaveLength(2)
    expect(server.tokensIssued()).toBe(2)
  })
})

describe('Helix client: rate limit', () => {
  it('waits for Ratelimit-Reset after a 429, then succeeds', async () => {
    const clock = fakeClock()
    server.enqueue(USERS, { status: 429, body: twitchFixture('twitch-error.429.json'), headers: { 'Ratelimit-Remaining': '0', 'Ratelimit-Reset': String(startSeconds + 20) } })
    expect(await connectorFor(server, clock).usersByIds(['1'])).toHaveLength(1)
    expect(clock.sleeps).toEqual([20_000])
    expect(server.requestsTo(USERS)).toHaveLength(2)
  })

  it('honours Reset on a 429 even while the headers still show points left', async () => {
    const clock = fakeClock()
    server.enqueue(USERS, { status: 429, body: twitchFixture('twitch-error.429.json'), headers: { 'Ratelimit-Remaining': '612', 'Ratelimit-Reset': String(startSeconds + 5) } })
    await connectorFor(server, clock).usersByIds(['1'])
    expect(clock.sleeps).toEqual([5000])
  })

  it('backs off a little after a 429 whose reset has already passed', async () => {
    const clock = fakeClock()
    server.enqueue(USERS, { status: 429, body: twitchFixture('twitch-error.429.json'), headers: { 'Ratelimit-Reset': String(startSeconds - 1) } })
    await connectorFor(server, clock).usersByIds(['1'])
    expect(clock.sleeps).toEqual([1])
  })

  it('fails with TwitchRateLimitedError, without waiting, when the reset is further than the longest wait', async () => {
    const clock = fakeClock()
    server.enqueue(USERS, { status: 429, body: twitchFixture('twitch-error.429.json'), headers: { 'Ratelimit-Remaining': '0', 'Ratelimit-Reset': String(startSeconds + 120) } })
    const failure = connectorFor(server, clock, { maxRateLimitWaitMs: 65_000 }).usersByIds(['1'])
    await expect(failure).rejects.toBeInstanceOf(TwitchRateLimitedError)
    await expect(failure).rejects.toMatchObject({ resetAt: new Date(START_MS + 120_000) })
    expect(clock.sleeps).toEqual([])
    expect(server.requestsTo(USERS)).toHaveLength(1)
  })

  it('gives up with TwitchRateLimitedError after repeated 429s', async () => {
    const tooMany = { status: 429, body: twitchFixture('twitch-error.429.json'), headers: { 'Ratelimit-Reset': String(startSeconds + 1) } }
    server.enqueue(USERS, tooMany, tooMany, tooMany, tooMany, tooMany)
    await expect(connectorFor(server, fakeClock()).usersByIds(['1'])).rejects.toBeInstanceOf(TwitchRateLimitedError)
    expect(server.requestsTo(USERS)).toHaveLength(4)
  })

  it('waits for the reset before the next call once the bucket is nearly empty', async () => {
    const clock = fakeClock()
    server.enqueue(USERS, { body: { data: [] }, headers: { 'Ratelimit-Remaining': '3', 'Ratelimit-Reset': String(startSeconds + 30) } })
    const connector = connectorFor(server, clock, { lowPoints: 10 })
    await connector.usersByIds(['1'])
    expect(clock.sleeps).toEqual([])
    await connector.usersByIds(['2'])
    expect(clock.sleeps).toEqual([30_000])
    expect(server.requestsTo(USERS)).toHaveLength(2)
  })

  it('does not wait while points are left', async () => {
    const clock = fakeClock()
    server.enqueue(USERS, { body: { data: [] }, headers: { 'Ratelimit-Remaining': '11', 'Ratelimit-Reset': String(startSeconds + 30) } })
    const connector = connectorFor(server, clock, { lowPoints: 10 })
    await connector.usersByIds(['1'])
    await connector.usersByIds(['2'])
    expect(clock.sleeps).toEqual([])
  })
})

describe('Helix client: failures', () => {
  it('retries a 500 with backoff', async () => {
    const clock = fakeClock()
    server.enqueue(USERS, { status: 500, body: { error: 'Internal Server Error', status: 500, message: '' } })
    expect(await connectorFor(server, clock).usersByIds(['1'])).toHaveLength(1)
    expect(server.requestsTo(USERS)).toHaveLength(2)
    expect(clock.sleeps).toEqual([1])
  })

  it('retries when the connection is cut without an answer', async () => {
    server.enqueue(USERS, { destroySocket: true })
    expect(await connectorFor(server, fakeClock()).usersByIds(['1'])).toHaveLength(1)
    expect(server.requestsTo(USERS)).toHaveLength(2)
  })

  it('retries an attempt that timed out', async () => {
    server.enqueue(USERS, { delayMs: 300 })
    expect(await connectorFor(server, fakeClock(), { timeoutMs: 100 }).usersByIds(['1'])).toHaveLength(1)
    expect(server.requestsTo(USERS)).toHaveLength(2)
  })

  it('fails with TwitchApiError after the retries are spent', async () => {
    const clock = fakeClock()
    server.enqueue(USERS, ...Array.from({ length: 5 }, () => ({ status: 503, body: { error: 'Service Unavailable', status: 503, message: 'try later' } })))
    const failure = connectorFor(server, clock, { retries: 3 }).usersByIds(['1'])
    await expect(failure).rejects.toMatchObject({ name: 'TwitchApiError', status: 503, endpoint: '/users', message: expect.stringContaining('try later') })
    expect(server.requestsTo(USERS)).toHaveLength(4)
    expect(clock.sleeps).toEqual([1, 2, 4])
  })

  it('does not retry a 404, and reports Twitch\'s message', async () => {
    server.enqueue(USERS, { status: 404, body: { error: 'Not Found', status: 404, message: 'no such user' } })
    const failure = connectorFor(server, fakeClock()).usersByIds(['1'])
    await expect(failure).rejects.toBeInstanceOf(TwitchApiError)
    await expect(failure).rejects.toMatchObject({ status: 404, message: expect.stringContaining('no such user') })
    expect(server.requestsTo(USERS)).toHaveLength(1)
  })

  it('fails with TwitchApiError when the answer lacks the fields the sync relies on', async () => {
    server.enqueue(USERS, { body: { data: [{ id: '1' }] } })
    await expect(connectorFor(server, fakeClock()).usersByIds(['1'])).rejects.toMatchObject({ name: 'TwitchApiError', message: expect.stringContaining('login') })
  })
})

describe('Helix client: points', () => {
  it('reports one point per answered request, retries included', async () => {
    const spent: Array<[number, string]> = []
    server.enqueue(USERS, { status: 500 }, { destroySocket: true })
    await connectorFor(server, fakeClock(), { onPointsSpent: (points, endpoint) => spent.push([points, endpoint]) }).usersByIds(['1'])
    expect(server.requestsTo(USERS)).toHaveLength(3)
    expect(spent).toEqual([[1, '/users'], [1, '/users']])
  })
})
