import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../../server/db/index.ts'
import { upsertCreators } from '../../../../server/domain/index.ts'
import { youtubeTopicUrl } from '../../../../server/platforms/youtube/websub.ts'
import { answerWebSubVerification, forgetRevokedEventSubSubscription, pushSettingsOf, runPushSubscriptions, type PushConfig } from '../../../../server/sync/push/index.ts'
import { useEmbeddedDatabase } from '../../embedded-database.ts'
import type { RecordedRequest } from '../../platforms/twitch/fake-twitch-server.ts'
import { connectorFor, fakeClock } from '../../platforms/twitch/twitch-test-harness.ts'
import { twitchCreatorInput, useFakeTwitch } from '../twitch/twitch-sync-harness.ts'
import { trackedCreatorInput } from '../youtube/youtube-sync-harness.ts'
import { startFakeWebSubHub, type FakeWebSubHub } from './fake-websub-hub.ts'

const { freshDb } = useEmbeddedDatabase()
const twitchFake = useFakeTwitch()
let hub: FakeWebSubHub
beforeAll(async () => {
  hub = await startFakeWebSubHub()
})
afterAll(() => hub.close())
beforeEach(() => hub.reset())

const HOUR = 3_600_000
const DAY = 24 * HOUR
const START = new Date('2026-11-20T12:00:00Z')
const WEBSUB_SECRET = 'websub-secret-for-tests'
const EVENTSUB_SECRET = 'eventsub-secret-for-tests'
const GOOGLE_DEVS = 'UC_x5XG1OV2P6uZZ5FSM9Ttw'
const TED = 'UCAuUUnT6oDeKwE6v1NGQxug'
const TWITCH_DEV = '141981764'
const YOUTUBE_CALLBACK = 'https://creatorino.example/webhooks/youtube/websub'
const TWITCH_CALLBACK = 'https://creatorino.example/webhooks/twitch/eventsub'

function config(overrides: Partial<PushConfig> = {}): PushConfig {
  return {
    siteUrl: 'https://creatorino.example', websubSecret: WEBSUB_SECRET, websubHubUrl: hub.url, youtubeApiKey: 'key',
    twitchEventsubSecret: EVENTSUB_SECRET, twitchClientId: twitchFake.server().clientId, twitchClientSecret: twitchFake.server().clientSecret, ...overrides,
  }
}

/** A push:subscribe run at `at`, with the fake hub and the fake Twitch. */
function runAt(db: Awaited<ReturnType<typeof freshDb>>, at: Date, overrides: Partial<PushConfig> = {}) {
  const errors: unknown[] = []
  const run = runPushSubscriptions(db, {
    settings: pushSettingsOf(config(overrides)),
    twitch: connectorFor(twitchFake.server(), fakeClock(at.getTime())),
    now: () => at,
    reportError: error => void errors.push(error),
  })
  return run.then(counts => ({ counts, errors }))
}

const verification = (mode: string, channelId: string, extra: Record<string, string> = {}) =>
  new URLSearchParams({ 'hub.mode': mode, 'hub.topic': youtubeTopicUrl(channelId), 'hub.challenge': `challenge-${randomUUID()}`, ...extra })

describe('push:subscribe for YouTube (WebSub)', () => {
  async function seedYoutube() {
    const db = await freshDb()
    await upsertCreators(db, [
      trackedCreatorInput({ channelId: GOOGLE_DEVS, title: 'Google for Developers' }),
      trackedCreatorInput({ channelId: TED, title: 'TED' }),
      // A demo creator's channel is made up: never subscribed.
      { ...trackedCreatorInput({ channelId: 'UC0000000000000000000042', title: 'Demo' }), dataSource: 'demo' },
    ], { at: START })
    return db
  }

  it('asks the hub for every tracked channel with our callback, topic, secret and lease, then confirms only those', async () => {
    const db = await seedYoutube()
    const { counts, errors } = await runAt(db, START, { twitchEventsubSecret: '' })
    expect(errors).toEqual([])
    expect(counts).toMatchObject({ youtubeConfigured: 1, twitchConfigured: 0, youtubeSubscribed: 2, youtubeRenewed: 0, errors: 0 })
    expect(hub.requests).toHaveLength(2)
    expect(hub.requests.map(request => request.form)).toEqual(expect.arrayContaining([GOOGLE_DEVS, TED].map(channelId => ({
      'hub.callback': YOUTUBE_CALLBACK, 'hub.mode': 'subscribe', 'hub.topic': youtubeTopicUrl(channelId),
      'hub.verify': 'async', 'hub.secret': WEBSUB_SECRET, 'hub.lease_seconds': String(10 * 24 * 3600),
    }))))
    expect(hub.requests[0]!.contentType).toMatch(/^application\/x-www-form-urlencoded/)

    const confirmed = await answerWebSubVerification(db, verification('subscribe', GOOGLE_DEVS, { 'hub.lease_seconds': '432000' }), START)
    expect(confirmed).toMatchObject({ ok: true, mode: 'subscribe', channelId: GOOGLE_DEVS })
    expect(await collectionsOf(db).pushSubscriptions.findOne({ _id: `youtube:${GOOGLE_DEVS}` })).toMatchObject({
      status: 'active', verifiedAt: START, leaseExpiresAt: new Date(START.getTime() + 432_000_000), failures: 0,
    })
    for (const [query, status] of [
      [verification('subscribe', 'UC0000000000000000000042'), 404],
      [verification('subscribe', 'UCVHFbqXqoYvEWM1Ddxl0QDg'), 404],
      [verification('unsubscribe', GOOGLE_DEVS), 404],
      [new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.topic': youtubeTopicUrl(TED) }), 400],
    ] as const) {
      expect(await answerWebSubVerification(db, query, START), query.toString()).toMatchObject({ ok: false, status })
    }

    hub.reset()
    expect((await runAt(db, new Date(START.getTime() + HOUR))).counts).toMatchObject({ youtubeSubscribed: 0, youtubeRenewed: 0, waiting: 0 })
    expect(hub.requests).toEqual([])
  })

  it('renews a lease a day before it runs out and asks again for a subscription the hub never verified', async () => {
    const db = await seedYoutube()
    await runAt(db, START)
    await answerWebSubVerification(db, verification('subscribe', GOOGLE_DEVS, { 'hub.lease_seconds': '432000' }), START)
    hub.reset()

    const almostFiveDaysLater = new Date(START.getTime() + 4 * DAY + 2 * HOUR)
    expect((await runAt(db, almostFiveDaysLater)).counts).toMatchObject({ youtubeRenewed: 1, youtubeSubscribed: 1 })
    expect(hub.requests.map(request => [request.form['hub.topic'], request.form['hub.mode']])).toEqual(expect.arrayContaining([
      [youtubeTopicUrl(GOOGLE_DEVS), 'subscribe'], [youtubeTopicUrl(TED), 'subscribe'],
    ]))
    // Between the renewal request and its verification the hub still confirms: the lease carries on.
    expect(await answerWebSubVerification(db, verification('subscribe', GOOGLE_DEVS, { 'hub.lease_seconds': '432000' }), almostFiveDaysLater)).toMatchObject({ ok: true })
  })

  it('leaves the topic of a paused creator, confirms that unsubscription only, then forgets it', async () => {
    const db = await seedYoutube()
    await runAt(db, START)
    await answerWebSubVerification(db, verification('subscribe', TED, { 'hub.lease_seconds': '432000' }), START)
    await collectionsOf(db).creators.updateOne({ 'platforms.youtube.channelId': TED }, { $set: { 'metadata.isActive': false } })
    hub.reset()

    const later = new Date(START.getTime() + HOUR)
    expect((await runAt(db, later)).counts).toMatchObject({ youtubeUnsubscribed: 1 })
    expect(hub.requests.map(request => request.form)).toEqual([expect.objectContaining({ 'hub.mode': 'unsubscribe', 'hub.topic': youtubeTopicUrl(TED), 'hub.callback': YOUTUBE_CALLBACK })])
    expect(await answerWebSubVerification(db, verification('subscribe', TED), later)).toMatchObject({ ok: false, status: 404 })
    expect(await answerWebSubVerification(db, verification('unsubscribe', TED), later)).toMatchObject({ ok: true, mode: 'unsubscribe' })
    expect(await collectionsOf(db).pushSubscriptions.findOne({ _id: `youtube:${TED}` })).toBeNull()
  })

  it('notes a hub that refuses (503) and waits before trying that channel again; a denial likewise', async () => {
    const db = await seedYoutube()
    hub.answerNext({ status: 503, body: 'Service Unavailable' }, { status: 503, body: 'Service Unavailable' })
    const { counts, errors } = await runAt(db, START)
    expect(counts).toMatchObject({ youtubeSubscribed: 0, errors: 2 })
    expect(String(errors[0])).toContain('503')
    expect(await collectionsOf(db).pushSubscriptions.findOne({ _id: `youtube:${TED}` })).toMatchObject({ status: 'failed', failures: 1, lastError: { message: expect.stringContaining('answered 503: Service Unavailable') } })

    hub.reset()
    await runAt(db, new Date(START.getTime() + HOUR / 2))
    expect(hub.requests).toEqual([])
    await runAt(db, new Date(START.getTime() + HOUR))
    expect(hub.requests).toHaveLength(2)

    const denied = await answerWebSubVerification(db, new URLSearchParams({ 'hub.mode': 'denied', 'hub.topic': youtubeTopicUrl(TED), 'hub.reason': 'callback unreachable' }), START)
    expect(denied).toMatchObject({ ok: false, status: 200 })
    expect(await collectionsOf(db).pushSubscriptions.findOne({ _id: `youtube:${TED}` })).toMatchObject({ status: 'denied', lastError: { message: expect.stringContaining('callback unreachable') } })
  })
})

/** A Helix EventSub registry on the fake Twitch: create (202, or 409 for a duplicate), list by user, delete. */
function serveEventSub() {
  const subscriptions = new Map<string, { id: string, type: string, version: string, status: string, condition: { broadcaster_user_id: string }, transport: { method: string, callback: string }, created_at: string, cost: number }>()
  twitchFake.server().route('/helix/eventsub/subscriptions', (request: RecordedRequest) => {
    if (request.method === 'POST') {
      const body = JSON.parse(request.body) as { type: string, version: string, condition: { broadcaster_user_id: string }, transport: { method: string, callback: string } }
      if ([...subscriptions.values()].some(existing => existing.type === body.type && existing.condition.broadcaster_user_id === body.condition.broadcaster_user_id)) {
        return { status: 409, body: { error: 'Conflict', status: 409, message: 'subscription already exists' } }
      }
      const created = { id: randomUUID(), type: body.type, version: body.version, status: 'webhook_callback_verification_pending', condition: body.condition, transport: { method: body.transport.method, callback: body.transport.callback }, created_at: new Date().toISOString(), cost: 1 }
      subscriptions.set(created.id, created)
      return { status: 202, body: { data: [created], total: subscriptions.size, total_cost: subscriptions.size, max_total_cost: 10_000 } }
    }
    if (request.method === 'GET') {
      const data = [...subscriptions.values()].filter(subscription => subscription.condition.broadcaster_user_id === request.query.get('user_id'))
      return { body: { data, total: data.length, total_cost: data.length, max_total_cost: 10_000, pagination: {} } }
    }
    if (request.method === 'DELETE') return subscriptions.delete(request.query.get('id') ?? '') ? { status: 204 } : { status: 404, body: { error: 'Not Found', status: 404, message: 'subscription not found' } }
    return { status: 405 }
  })
  return subscriptions
}

describe('push:subscribe for Twitch (EventSub)', () => {
  const eventSubCalls = (method: string) => twitchFake.server().requestsTo('/helix/eventsub/subscriptions').filter(request => request.method === method)

  it('creates stream.online and stream.offline webhooks with our callback and secret, once', async () => {
    const db = await freshDb()
    await upsertCreators(db, [twitchCreatorInput(TWITCH_DEV, 'twitchdev')], { at: START })
    const registry = serveEventSub()
    const { counts, errors } = await runAt(db, START, { websubSecret: '' })
    expect(errors).toEqual([])
    expect(counts).toMatchObject({ youtubeConfigured: 0, twitchConfigured: 1, twitchCreated: 2, errors: 0 })
    expect(eventSubCalls('POST')).toHaveLength(2)
    expect(eventSubCalls('POST').map(request => JSON.parse(request.body))).toEqual(expect.arrayContaining(['stream.online', 'stream.offline'].map(type => ({
      type, version: '1', condition: { broadcaster_user_id: TWITCH_DEV }, transport: { method: 'webhook', callback: TWITCH_CALLBACK, secret: EVENTSUB_SECRET },
    }))))
    expect(eventSubCalls('POST')[0]!.headers.authorization).toMatch(/^Bearer fake-token-/)
    const stored = await collectionsOf(db).pushSubscriptions.find({ platform: 'twitch' }).sort({ _id: 1 }).toArray()
    expect(stored.map(record => [record._id, record.status, record.subscriptionId])).toEqual([
      [`twitch:stream.offline:${TWITCH_DEV}`, 'active', expect.any(String)],
      [`twitch:stream.online:${TWITCH_DEV}`, 'active', expect.any(String)],
    ])
    expect(new Set(stored.map(record => record.subscriptionId))).toEqual(new Set(registry.keys()))

    expect((await runAt(db, new Date(START.getTime() + HOUR), { websubSecret: '' })).counts).toMatchObject({ twitchCreated: 0 })
    expect(eventSubCalls('POST')).toHaveLength(2)
  })

  it('takes Twitch\'s 409 "already exists" as success, and deletes both webhooks of a creator no longer tracked', async () => {
    const db = await freshDb()
    const { creatorId } = (await upsertCreators(db, [twitchCreatorInput(TWITCH_DEV, 'twitchdev')], { at: START }))[0]!
    const registry = serveEventSub()
    await runAt(db, START, { websubSecret: '' })
    // Our records lost (the collection dropped): Twitch still has both.
    await collectionsOf(db).pushSubscriptions.deleteMany({})
    const { counts, errors } = await runAt(db, START, { websubSecret: '' })
    expect(errors).toEqual([])
    expect(counts).toMatchObject({ twitchCreated: 2, errors: 0 })
    expect(await collectionsOf(db).pushSubscriptions.countDocuments({ status: 'active', subscriptionId: null })).toBe(2)

    await collectionsOf(db).creators.updateOne({ creatorId }, { $set: { 'metadata.isActive': false } })
    expect((await runAt(db, new Date(START.getTime() + HOUR), { websubSecret: '' })).counts).toMatchObject({ twitchDeleted: 2, errors: 0 })
    expect(eventSubCalls('GET').map(request => request.query.get('user_id'))).toEqual([TWITCH_DEV])
    expect(registry.size).toBe(0)
    expect(await collectionsOf(db).pushSubscriptions.countDocuments({})).toBe(0)
  })

  it('creates a webhook again on the next run after Twitch revoked it', async () => {
    const db = await freshDb()
    await upsertCreators(db, [twitchCreatorInput(TWITCH_DEV, 'twitchdev')], { at: START })
    const registry = serveEventSub()
    await runAt(db, START, { websubSecret: '' })
    const revoked = [...registry.values()].find(subscription => subscription.type === 'stream.online')!
    registry.delete(revoked.id)
    await forgetRevokedEventSubSubscription(db, { ...revoked, status: 'notification_failures_exceeded', created_at: new Date(revoked.created_at) })

    expect((await runAt(db, new Date(START.getTime() + HOUR), { websubSecret: '' })).counts).toMatchObject({ twitchCreated: 1, errors: 0 })
    expect([...registry.values()].map(subscription => subscription.type).sort()).toEqual(['stream.offline', 'stream.online'])
  })

  it('notes a refused creation on its record and retries it after the wait', async () => {
    const db = await freshDb()
    await upsertCreators(db, [twitchCreatorInput(TWITCH_DEV, 'twitchdev')], { at: START })
    serveEventSub()
    twitchFake.server().enqueue('/helix/eventsub/subscriptions', { status: 400, body: { error: 'Bad Request', status: 400, message: 'invalid transport and auth combination' } })
    const { counts } = await runAt(db, START, { websubSecret: '' })
    expect(counts).toMatchObject({ twitchCreated: 1, errors: 1 })
    const failed = await collectionsOf(db).pushSubscriptions.findOne({ status: 'failed' })
    expect(failed).toMatchObject({ failures: 1, lastError: { message: expect.stringContaining('invalid transport and auth combination') } })

    expect((await runAt(db, new Date(START.getTime() + HOUR / 2), { websubSecret: '' })).counts).toMatchObject({ twitchCreated: 0 })
    expect((await runAt(db, new Date(START.getTime() + HOUR), { websubSecret: '' })).counts).toMatchObject({ twitchCreated: 1, errors: 0 })
  })
})

describe('push settings', () => {
  it.each([
    ['the development default', { siteUrl: 'http://localhost:3000' }, 'NUXT_PUBLIC_SITE_URL "http://localhost:3000" is not an https URL'],
    ['no WebSub secret', { websubSecret: '' }, 'YouTube WebSub: NUXT_WEBSUB_SECRET is not set'],
    ['no YouTube key', { youtubeApiKey: '' }, 'YouTube WebSub: NUXT_YOUTUBE_API_KEY is not set'],
    ['a short EventSub secret', { twitchEventsubSecret: 'short' }, 'Twitch EventSub: NUXT_TWITCH_EVENTSUB_SECRET: The EventSub secret must be 10 to 100'],
    ['no Twitch credentials', { twitchClientId: '' }, 'Twitch EventSub: NUXT_TWITCH_CLIENT_ID and NUXT_TWITCH_CLIENT_SECRET are not set'],
    ['a site on another port than 443', { siteUrl: 'https://creatorino.example:8443' }, 'Twitch EventSub: Twitch only calls back on port 443'],
  ])('says why push is off with %s', (_case, overrides, reason) => {
    expect(pushSettingsOf(config(overrides)).reasons.join('; ')).toContain(reason)
  })

  it('puts both callbacks under NUXT_PUBLIC_SITE_URL and uses Google\'s hub by default', () => {
    const settings = pushSettingsOf(config({ siteUrl: 'https://creatorino.example/', websubHubUrl: '' }))
    expect(settings).toMatchObject({
      youtube: { hubUrl: 'https://pubsubhubbub.appspot.com/subscribe', callbackUrl: YOUTUBE_CALLBACK, secret: WEBSUB_SECRET },
      twitch: { callbackUrl: TWITCH_CALLBACK, secret: EVENTSUB_SECRET },
      reasons: [],
    })
  })

  it('does nothing at all when the site is not https', async () => {
    const db = await freshDb()
    await upsertCreators(db, [trackedCreatorInput({ channelId: TED, title: 'TED' })], { at: START })
    expect((await runAt(db, START, { siteUrl: 'http://localhost:3000' })).counts).toMatchObject({ youtubeConfigured: 0, twitchConfigured: 0, youtubeSubscribed: 0 })
    expect(hub.requests).toEqual([])
  })
})
