import { $fetch, fetch, getServerLogs } from '@nuxt/test-utils/e2e'
import { MongoClient } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { simulateDemoWorld } from '../../server/demo/index.ts'
import { ensureIndexes } from '../../server/db/index.ts'
import { appendToChangeJournal } from '../../server/domain/change-journal.ts'
import { startEmbeddedMongo } from '../../server/embedded-mongo/index.ts'
import type { CreatorListDto, CreatorProfileDto } from '../../shared/schemas/index.ts'
import { setupBuiltApp } from './built-app.ts'

const RATE_LIMIT = 150
const ALLOWED_ORIGIN = 'https://fans.example'

const cacheOf = (response: Response) => /cache;desc="(\w+)"/.exec(response.headers.get('server-timing') ?? '')?.[1]

/**
 * The API's behaviour around the data: response cache (hits, keys, invalidation by another process),
 * ETag/304, CORS, logs, the database going down, and the rate limit. The app uses an external
 * database (an embedded server this test starts and stops), as it would use Atlas.
 */
describe('the read API\'s caching, CORS, logging, outage and rate limiting', async () => {
  const database = await startEmbeddedMongo()
  afterAll(() => database.stop())
  const client = await MongoClient.connect(database.uri)
  afterAll(() => client.close())
  const db = client.db('creatorino')
  await ensureIndexes(db)
  await simulateDemoWorld(db, { creatorCount: 12, historyDays: 35 })
  await setupBuiltApp({ NUXT_MONGODB_URI: database.uri, NUXT_DEMO: 'off', NUXT_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), NUXT_CORS_ORIGINS: `${ALLOWED_ORIGIN}, https://partner.example` })
  let creator: CreatorListDto['items'][number] | undefined
  beforeAll(async () => {
    [creator] = (await $fetch<CreatorListDto>('/api/creators?limit=1')).items
  })

  it('answers a repeated request from the cache, with Cache-Control per the seed\'s TTLs and an ETag', async () => {
    const paths: Array<[string, number]> = [
      [`/api/creators/${creator!.slug}`, 1800], [`/api/creators/${creator!.slug}/timeline`, 900], ['/api/creators/trending', 3600],
      [`/api/search?q=${creator!.name.slice(0, 3)}`, 600], [`/api/stats/growth/${creator!.id}`, 21_600],
    ]
    for (const [path, seconds] of paths) {
      const first = await fetch(path)
      const second = await fetch(path)
      expect([cacheOf(first), cacheOf(second)], path).toEqual(['miss', 'hit'])
      expect(second.headers.get('cache-control')).toBe(`s-maxage=${seconds}, stale-while-revalidate=${seconds}`)
      expect(second.headers.get('etag')).toBe(first.headers.get('etag'))
      expect(await second.text()).toBe(await first.text())
      expect(first.headers.get('server-timing')).toMatch(/db;dur=[\d.]+/)
    }
  })

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await fetch(`/api/creators/${creator!.slug}`)
    const again = await fetch(`/api/creators/${creator!.slug}`, { headers: { 'If-None-Match': first.headers.get('etag')! } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
  })

  it('keys the cache by validated parameters: equivalent spellings share one entry', async () => {
    expect(cacheOf(await fetch('/api/creators?limit=20&sort=growth'))).toBe('miss')
    expect(cacheOf(await fetch('/api/creators?sort=growth&limit=020&colour=red'))).toBe('hit')
    expect(cacheOf(await fetch(`/api/creators/${creator!.id}`))).toBe('hit')
  })

  it('shows another process\'s write within 60 s once it is journaled, and not before, in answers and rendered pages', async () => {
    const pageHtml = async () => (await fetch(`/creators/${creator!.slug}`)).text()
    expect(await pageHtml()).toContain(creator!.name)
    await db.collection('creators').updateOne({ creatorId: creator!.id }, { $set: { name: 'Renamed Elsewhere' } })
    expect((await $fetch<CreatorProfileDto>(`/api/creators/${creator!.slug}`)).name).toBe(creator!.name)
    expect(await pageHtml()).not.toContain('Renamed Elsewhere')
    await appendToChangeJournal(db, 'another-process', [{ kind: 'creator', creatorId: creator!.id }])
    const startedAt = Date.now()
    await expect.poll(async () => (await $fetch<CreatorProfileDto>(`/api/creators/${creator!.slug}`)).name, { timeout: 60_000, interval: 1000 })
      .toBe('Renamed Elsewhere')
    expect(Date.now() - startedAt).toBeLessThan(60_000)
    expect((await $fetch<CreatorListDto>('/api/creators?limit=20&sort=growth')).items.find(item => item.id === creator!.id)?.name).toBe('Renamed Elsewhere')
    expect(await pageHtml()).toContain('Renamed Elsewhere')
  }, 70_000)

  it('writes one JSON log line per request with method, path, status, duration, cache and request id', async () => {
    await fetch(`/api/creators/${creator!.slug}`, { headers: { 'X-Request-Id': 'trace-me-42' } })
    await expect.poll(() => getServerLogs().some(line => line.includes('trace-me-42'))).toBe(true)
    const line = JSON.parse(getServerLogs().find(logged => logged.includes('trace-me-42'))!)
    expect(line).toMatchObject({ level: 'info', method: 'GET', path: `/api/creators/${creator!.slug}`, status: 200, cache: 'hit', requestId: 'trace-me-42' })
    expect(line.durationMs).toBeTypeOf('number')
  })

  it('allows GET from the configured origins only and answers preflights', async () => {
    const allowed = await fetch('/api/categories', { headers: { Origin: ALLOWED_ORIGIN } })
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN)
    const other = await fetch('/api/categories', { headers: { Origin: 'https://elsewhere.example' } })
    expect(other.status).toBe(200)
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    const preflight = await fetch('/api/creators', { method: 'OPTIONS', headers: { 'Origin': ALLOWED_ORIGIN, 'Access-Control-Request-Method': 'GET' } })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,HEAD,OPTIONS')
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN)
  })

  it('keeps serving cached answers when the database stops, and answers 503 with Retry-After within 2 s otherwise', async () => {
    await database.stop()
    const cached = await fetch(`/api/creators/${creator!.slug}`)
    expect(cached.status).toBe(200)
    for (const path of [`/api/creators/${creator!.slug}/timeline?limit=7`, '/api/timeline/recent?type=milestone', '/api/creators/someone-new']) {
      const startedAt = Date.now()
      const response = await fetch(path)
      expect(Date.now() - startedAt, path).toBeLessThan(2000)
      expect(response.status, path).toBe(503)
      expect(response.headers.get('retry-after')).toBe('10')
      const body = await response.json()
      expect(body).toMatchObject({ statusCode: 503, message: 'The database is unavailable; retry shortly' })
      expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|Mongo|stack/i)
    }
    await expect.poll(() => getServerLogs().some(line => line.includes('"level":"error"') && line.includes('"cause":'))).toBe(true)
  })

  it('limits each client to NUXT_RATE_LIMIT_PER_MINUTE with 429, Retry-After and RateLimit headers', async () => {
    const first = await fetch('/api/ping')
    expect(first.headers.get('ratelimit-limit')).toBe(String(RATE_LIMIT))
    expect(first.headers.get('ratelimit-policy')).toBe(`${RATE_LIMIT};w=60`)
    let limited: Response | undefined
    for (let sent = 0; sent <= RATE_LIMIT && !limited; sent++) {
      const response = await fetch('/api/ping')
      if (response.status === 429) limited = response
    }
    expect(limited).toBeDefined()
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(limited!.headers.get('ratelimit-remaining')).toBe('0')
    expect(await limited!.json()).toMatchObject({ statusCode: 429, message: expect.stringContaining(`${RATE_LIMIT} requests per minute`) })
    expect((await fetch('/')).status).toBe(200)
  })
})
