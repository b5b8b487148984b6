import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MongoClient, type Db } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedMongo, type EmbeddedMongo } from '../../server/embedded-mongo/index.ts'
import { simulateDemoWorld } from '../../server/demo/index.ts'
import { COLLECTION_NAMES, ensureIndexes } from '../../server/db/index.ts'
import { startOfUtcDay } from '../../server/domain/index.ts'
import { TASK_SCHEDULE } from '../../server/sync/task-schedule.ts'
import type { CreatorDto, CreatorListDto, FeedPageDto, TrendingListDto } from '../../shared/schemas/index.ts'
import { startFakeTwitchServer, type FakeTwitchServer } from '../unit/platforms/twitch/fake-twitch-server.ts'
import { startFakeYoutubeServer, type FakeYoutubeServer } from '../unit/platforms/youtube/fake-youtube-server.ts'
import { startFakeWebSubHub, type FakeWebSubHub } from '../unit/sync/push/fake-websub-hub.ts'
import { startMongoWireTap, type MongoWireTap } from './mongo-wire-tap.ts'
import { buildForWorkers, startWranglerDev, type WranglerDev } from './wrangler-dev.ts'
import { API_FAILURES, everyApiRequest, expectPage } from './workers-read-api.ts'

const ROOT = new URL('../..', import.meta.url).pathname
const YOUTUBE_KEY = 'workers-youtube-key'

const cacheOf = (response: Response) => /cache;desc="(\w+)"/.exec(response.headers.get('server-timing') ?? '')?.[1]

/**
 * The Cloudflare build served by `wrangler dev` (workerd, local KV, --test-scheduled) with
 * NUXT_MONGODB_URI pointing at an embedded server this test started, through a tap that counts the
 * commands reaching it; the platform settings point at local fakes, so every Cron Trigger's tasks run.
 */
describe('the Workers build under wrangler dev', () => {
  let database: EmbeddedMongo
  let tap: MongoWireTap
  let client: MongoClient
  let db: Db
  let wrangler: WranglerDev
  let home: string
  let baseUrl: string
  let youtube: FakeYoutubeServer
  let twitch: FakeTwitchServer
  let hub: FakeWebSubHub
  let creator: CreatorDto
  const expectedCounts: Record<string, number> = {}
  const get = (path: string, init?: RequestInit) => fetch(baseUrl + path, init)
  const getJson = async <T>(path: string) => (await get(path)).json() as Promise<T>
  /**
   * MongoClients among the connections opened since the `from`-th: each has one monitor connection,
   * which sends only handshakes and heartbeats; the connections its queries use send more.
   */
  const clientsSince = (from: number) => tap.commandsByConnection.slice(from).filter(commands => commands.every(name => /^(hello|ismaster)$/i.test(name))).length
  /** Requests `path` until it is answered without a connection to MongoDB: from KV, then. */
  const untilCached = (path: string) => expect.poll(async () => {
    const opened = tap.connectionsOpened
    expect((await get(path)).status, path).toBe(200)
    return tap.connectionsOpened - opened
  }, { timeout: 10_000 }).toBe(0)

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'creatorino-wrangler-'))
    buildForWorkers(home)

    database = await startEmbeddedMongo()
    tap = await startMongoWireTap(database)
    client = new MongoClient(database.uri)
    db = client.db('creatorino')
    await ensureIndexes(db)
    // Ten days: the first trending rankings need a week of history.
    await simulateDemoWorld(db, { creatorCount: 12, historyDays: 10 })
    for (const name of [COLLECTION_NAMES.creators, COLLECTION_NAMES.timelineEvents, COLLECTION_NAMES.growthStats, COLLECTION_NAMES.trendingData]) {
      expectedCounts[name] = await db.collection(name).countDocuments()
    }
    ;[youtube, twitch, hub] = await Promise.all([startFakeYoutubeServer({ apiKey: YOUTUBE_KEY }), startFakeTwitchServer(), startFakeWebSubHub()])

    const vars = {
      NUXT_MONGODB_URI: tap.uri,
      NUXT_DEMO: 'off',
      NUXT_YOUTUBE_API_KEY: YOUTUBE_KEY,
      NUXT_YOUTUBE_API_BASE: youtube.apiBase,
      NUXT_YOUTUBE_FEED_BASE: youtube.feedBase,
      NUXT_TWITCH_CLIENT_ID: twitch.clientId,
      NUXT_TWITCH_CLIENT_SECRET: twitch.clientSecret,
      NUXT_TWITCH_API_BASE: twitch.apiBase,
      NUXT_TWITCH_AUTH_BASE: twitch.authBase,
      NUXT_WEBSUB_SECRET: 'workers-websub-secret',
      NUXT_WEBSUB_HUB_URL: hub.url,
      NUXT_TWITCH_EVENTSUB_SECRET: 'workers-eventsub-secret',
      NUXT_PUBLIC_SITE_URL: 'https://creatorino.example',
    }
    wrangler = await startWranglerDev({ home, vars })
    baseUrl = wrangler.baseUrl
    ;[creator] = (await getJson<CreatorListDto>('/api/creators?limit=1&sort=views')).items as [CreatorDto]
  }, 240_000)

  afterAll(async () => {
    wrangler?.stop()
    await client?.close()
    await Promise.all([tap?.close(), database?.stop(), youtube?.close(), twitch?.close(), hub?.close()])
    await rm(home, { recursive: true, force: true })
  })

  it('declares a Cron Trigger for every cron of the task schedule, and no other', async () => {
    const config = JSON.parse(await readFile(join(ROOT, '.output/server/wrangler.json'), 'utf8'))
    expect([...config.triggers.crons].sort()).toEqual(Object.keys(TASK_SCHEDULE).sort())
  })

  // Before any other test asks for the API answers these pages show: they are not in KV yet, so
  // rendering them calls the API, which reads the database. The query keeps the page out of KV too.
  it.each([
    ['the home page', async () => ({ path: '/', shows: (await getJson<FeedPageDto>('/api/timeline/recent?limit=1')).items[0]!.title })],
    ['a creator page', async () => {
      const other = (await getJson<CreatorListDto>('/api/creators?limit=2&sort=name')).items.find(item => item.id !== creator.id)!
      return { path: `/creators/${other.slug}`, shows: other.name }
    }],
  ])('renders %s cold on one MongoDB client for the request and all its API calls, closed after the response', async (_name, pageOf) => {
    const { path, shows } = await pageOf()
    await expect.poll(() => tap.openConnections, { timeout: 10_000 }).toBe(0)
    const opened = tap.connectionsOpened
    const commandsBefore = tap.commands.length
    await expectPage(baseUrl, `${path}?cold=${Date.now()}`, [shows])
    await expect.poll(() => tap.openConnections, { timeout: 10_000 }).toBe(0)
    // One client: its monitor's connection and at most 3 for the queries of the page's API calls
    // (all 4 here, as the calls start together). Before they shared the request's client, this home
    // page opened 8 connections (4 clients) and this creator page 10 (5).
    expect(clientsSince(opened)).toBe(1)
    expect(tap.connectionsOpened - opened).toBeLessThanOrEqual(4)
    expect(tap.commands.slice(commandsBefore)).toEqual(expect.arrayContaining([expect.stringMatching(/^(find|aggregate)$/)]))
  })

  it('renders cold pages requested at the same time each on a client of its own', async () => {
    const { items } = await getJson<CreatorListDto>('/api/creators?limit=50&sort=name')
    // The last by name: the cold creator page above was one of the first.
    const others = items.slice(-4).filter(item => item.id !== creator.id)
    await expect.poll(() => tap.openConnections, { timeout: 10_000 }).toBe(0)
    const opened = tap.connectionsOpened
    await Promise.all(others.map(other => expectPage(baseUrl, `/creators/${other.slug}?concurrent=${Date.now()}`, [other.name])))
    await expect.poll(() => tap.openConnections, { timeout: 10_000 }).toBe(0)
    expect(clientsSince(opened)).toBe(others.length)
    expect(tap.connectionsOpened - opened).toBeLessThanOrEqual(4 * others.length)
  })

  it('answers /api/health from workerd with the external engine and the database\'s counts, request after request', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await get('/api/health')
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ engine: 'external', database: 'creatorino', counts: expectedCounts })
    }
  })

  it('answers every public API route with its documented shape', async () => {
    for (const { path, parse } of everyApiRequest(creator)) {
      const response = await get(path)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type'), path).toMatch(/application\/json/)
      const body = await response.json()
      expect(() => parse(body), path).not.toThrow()
    }
    const list = await getJson<CreatorListDto>('/api/creators?limit=100')
    expect(list.total).toBe(expectedCounts[COLLECTION_NAMES.creators])
  })

  it.each(API_FAILURES)('answers %s with %i and a JSON message', async (path, status, message) => {
    const response = await get(path.replace('{slug}', creator.slug))
    expect(response.status).toBe(status)
    expect(await response.json()).toMatchObject({ statusCode: status, message: expect.stringContaining(message) })
  })

  it('server-renders every page with the database\'s data, and 404 for an unknown creator', async () => {
    const feed = await getJson<FeedPageDto>('/api/timeline/recent?limit=3')
    const trending = await getJson<TrendingListDto>('/api/creators/trending?limit=3')
    const [top] = (await getJson<CreatorListDto>('/api/creators?limit=1')).items
    await expectPage(baseUrl, '/', feed.items.map(event => event.title))
    await expectPage(baseUrl, '/trending', trending.items.map(item => item.creator.name))
    await expectPage(baseUrl, '/top', [top!.name])
    await expectPage(baseUrl, '/activity', feed.items.map(event => event.title))
    await expectPage(baseUrl, `/creators/${creator.slug}`, [creator.name])
    expect((await get('/creators/nobody-by-this-name', { headers: { Accept: 'text/html' } })).status).toBe(404)
    const sitemap = await (await get('/sitemap.xml')).text()
    expect(sitemap.match(/<loc>https:\/\/creatorino\.example\/creators\/[a-z0-9-]+<\/loc>/g)).toHaveLength(expectedCounts[COLLECTION_NAMES.creators]!)
  })

  it('answers a second identical request from KV without a single command reaching MongoDB', async () => {
    const apiPaths = ['/api/creators?limit=3&sort=views', `/api/creators/${creator.slug}`, '/api/timeline/recent', '/api/stats/trending', '/api/creators/trending']
    const paths = [...apiPaths, `/creators/${creator.slug}`, '/']
    expect(cacheOf(await get(apiPaths[0]!))).toBe('miss')
    // A miss is written to KV after its response (waitUntil).
    for (const path of paths) await untilCached(path)
    // Each request's own client is closed once its response is out: no connection outlives its request.
    await expect.poll(() => tap.openConnections, { timeout: 10_000 }).toBe(0)

    const commandsBefore = tap.commands.length
    const connectionsBefore = tap.connectionsOpened
    for (const path of paths) {
      const response = await get(path)
      expect(response.status, path).toBe(200)
      if (path.startsWith('/api/')) {
        expect(cacheOf(response), path).toBe('hit')
        expect(response.headers.get('cache-control'), path).toMatch(/^s-maxage=\d+, stale-while-revalidate=\d+$/)
      }
    }
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(tap.commands.slice(commandsBefore)).toEqual([])
    expect(tap.connectionsOpened).toBe(connectionsBefore)
  })

  describe('Cron Triggers', () => {
    /** Fires a cron the way Cloudflare would (`/__scheduled`); returns when: the runs it starts begin later. */
    async function fire(cron: string): Promise<Date> {
      const firedAt = new Date()
      const response = await get(`/__scheduled?cron=${encodeURIComponent(cron)}`)
      expect(response.status, cron).toBe(200)
      return firedAt
    }

    async function runsSince(task: string, since: Date) {
      return db.collection(COLLECTION_NAMES.taskRuns).find({ task, startedAt: { $gte: since } }, { projection: { _id: 0 } }).toArray()
    }

    it('creates the indexes at the first Cron Trigger an isolate sees: a Workers deployment has no start-up', async () => {
      const rankings = db.collection(COLLECTION_NAMES.trendingData)
      await rankings.dropIndex('latest_ranking')
      await fire('*/5 * * * *')
      await expect.poll(async () => (await rankings.indexes()).map(index => index.name), { timeout: 20_000 }).toContain('latest_ranking')
    })

    it('trending:compute writes today\'s rankings, and the cached ranking shows them at once', async () => {
      const before = await getJson<TrendingListDto>('/api/creators/trending')
      expect(cacheOf(await get('/api/creators/trending'))).toBe('hit')
      const today = startOfUtcDay(new Date())
      expect(before.date).not.toBe(today.toISOString().slice(0, 10))
      const firedAt = await fire('0 */6 * * *')
      await expect.poll(() => runsSince('trending:compute', firedAt), { timeout: 20_000 }).toEqual([expect.objectContaining({ status: 'ok', result: { rankings: expect.any(Number) } })])
      const written = await db.collection(COLLECTION_NAMES.trendingData).find({ date: today }).toArray()
      expect(written.length).toBeGreaterThan(0)
      expect(written.every(ranking => ranking.computedAt >= firedAt)).toBe(true)
      const after = await get('/api/creators/trending')
      expect(cacheOf(after)).toBe('miss')
      expect((await after.json() as TrendingListDto).date).toBe(today.toISOString().slice(0, 10))
    })

    it('stats:aggregate recomputes creator stats, and cached lists show them at once', async () => {
      const path = '/api/creators?limit=100&sort=name'
      await db.collection(COLLECTION_NAMES.creators).updateOne({ creatorId: creator.id }, { $set: { 'stats.totalViews': 1 } })
      const shown = async () => (await getJson<CreatorListDto>(path)).items.find(item => item.id === creator.id)!.stats.totalViews
      expect(await shown()).toBe(1)
      await expect.poll(async () => cacheOf(await get(path))).toBe('hit')
      const firedAt = await fire('15 0 * * *')
      await expect.poll(() => runsSince('stats:aggregate', firedAt), { timeout: 20_000 }).toEqual([expect.objectContaining({ status: 'ok', result: expect.objectContaining({ creatorsUpdated: expect.any(Number) }) })])
      expect(await shown()).toBe(creator.stats.totalViews)
    })

    it.each(Object.entries(TASK_SCHEDULE).filter(([, tasks]) => !tasks.includes('trending:compute') && !tasks.includes('stats:aggregate')))('%s runs %j, each recording an ok run', async (cron, tasks) => {
      const firedAt = await fire(cron)
      for (const task of tasks) {
        await expect.poll(() => runsSince(task, firedAt), { timeout: 20_000 }).toEqual([expect.objectContaining({ task, status: 'ok' })])
      }
    })
  })

  it('keeps serving cached answers and pages when the database stops, and answers 503 with Retry-After within 2 s otherwise', async () => {
    const cached = [`/api/creators/${creator.slug}`, `/creators/${creator.slug}`]
    for (const path of cached) await untilCached(path)
    await Promise.all([tap.close(), database.stop()])
    for (const path of cached) expect((await get(path)).status, path).toBe(200)
    for (const path of [`/api/creators/${creator.slug}/timeline?limit=7`, '/api/timeline/recent?type=milestone', '/api/creators/someone-new', '/api/search?q=zz']) {
      const startedAt = Date.now()
      const response = await get(path)
      expect(Date.now() - startedAt, path).toBeLessThan(2000)
      expect(response.status, path).toBe(503)
      expect(response.headers.get('retry-after'), path).toBe('10')
      const body = await response.json()
      expect(body).toMatchObject({ statusCode: 503, message: 'The database is unavailable; retry shortly' })
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|Mongo|stack/i)
    }
    // The failure is known now: readiness says so at once.
    const startedAt = Date.now()
    const health = await get('/api/health')
    expect(Date.now() - startedAt).toBeLessThan(1000)
    expect(health.status).toBe(503)
    expect(health.headers.get('retry-after')).toBe('10')
  })
})
