import { join } from 'node:path'
import { $fetch, fetch } from '@nuxt/test-utils/e2e'
import { MongoClient } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { normaliseSearchText } from '../../server/db/search-terms.ts'
import { readRunningServerUri } from '../../server/embedded-mongo/index.ts'
import {
  CREATOR_SORTS, categoryListDtoSchema, creatorListDtoSchema, creatorProfileDtoSchema,
  type CreatorDto, type CreatorListDto, type CreatorSort,
} from '../../shared/schemas/index.ts'
import { setupBuiltApp, waitForDemoWorld } from './built-app.ts'
import { describeBadInputs } from './read-api/bad-input.ts'
import { describeCompression } from './read-api/compression.ts'
import { describeGrowth } from './read-api/growth.ts'
import { describeHealth } from './read-api/health.ts'
import { describePagesHtml } from './read-api/pages-html.ts'
import { describeSearch } from './read-api/search.ts'
import { describeTimelines } from './read-api/timelines.ts'
import { describeTrending } from './read-api/trending.ts'

async function getJson(path: string): Promise<{ status: number, body: unknown }> {
  const response = await fetch(path)
  expect(response.headers.get('content-type')).toMatch(/application\/json/)
  return { status: response.status, body: await response.json() }
}

async function allCreators(query: string): Promise<CreatorDto[]> {
  const creators: CreatorDto[] = []
  for (let offset = 0; ; offset += 100) {
    const page = creatorListDtoSchema.parse(await $fetch(`/api/creators?${query}&limit=100&offset=${offset}`))
    creators.push(...page.items)
    if (offset + 100 >= page.total) return creators
  }
}

/** The value each sort orders by, descending unless said otherwise; null (unknown) must come last. */
const SORTED_BY: Record<CreatorSort, (creator: CreatorDto) => number | string | null> = {
  audience: creator => creator.stats.subscribers,
  growth: creator => creator.stats.recentGrowth,
  views: creator => creator.stats.totalViews,
  newest: creator => creator.stats.joinDate && Date.parse(creator.stats.joinDate),
  name: creator => normaliseSearchText(creator.name),
}

function expectOrdered(creators: CreatorDto[], sort: CreatorSort) {
  const values = creators.map(SORTED_BY[sort])
  const firstUnknown = values.indexOf(null)
  if (firstUnknown >= 0) expect(values.slice(firstUnknown).every(value => value === null)).toBe(true)
  const known = values.filter(value => value !== null)
  const ordered = [...known].sort((a, b) => sort === 'name' ? (a < b ? -1 : a > b ? 1 : 0) : (b as number) - (a as number))
  expect(known).toEqual(ordered)
}

describe('the read API and the pages against the demo world', async () => {
  const dataDir = await setupBuiltApp()

  it('waits for the demo world', waitForDemoWorld, 160_000)

  it('answers /api/ping without the database', async () => {
    expect(await getJson('/api/ping')).toEqual({ status: 200, body: { ok: true } })
  })

  it('lists 50 creators by audience by default, with totals and no Mongo internals', async () => {
    const response = await fetch('/api/creators')
    const text = await response.text()
    expect(text).not.toMatch(/"_id"|"sortKeys"|"searchTerms"/)
    const page = creatorListDtoSchema.parse(JSON.parse(text))
    expect(page).toMatchObject({ limit: 50, offset: 0 })
    expect(page.items).toHaveLength(50)
    expect(page.total).toBeGreaterThanOrEqual(150)
    expectOrdered(page.items, 'audience')
  })

  it.each(CREATOR_SORTS)('sorts every creator by %s across pages, unknowns last', async (sort) => {
    const creators = await allCreators(`sort=${sort}`)
    const { total } = await $fetch<CreatorListDto>(`/api/creators?sort=${sort}&limit=1`)
    expect(creators).toHaveLength(total)
    expect(new Set(creators.map(creator => creator.id)).size).toBe(total)
    expectOrdered(creators, sort)
  })

  it('pages without overlap and reports the same total on each page', async () => {
    const first = await $fetch<CreatorListDto>('/api/creators?limit=7&offset=0&sort=growth')
    const second = await $fetch<CreatorListDto>('/api/creators?limit=7&offset=7&sort=growth')
    const both = await $fetch<CreatorListDto>('/api/creators?limit=14&sort=growth')
    expect(second.total).toBe(first.total)
    expect([...first.items, ...second.items].map(creator => creator.id)).toEqual(both.items.map(creator => creator.id))
    const beyond = await $fetch<CreatorListDto>('/api/creators?offset=10000')
    expect(beyond).toMatchObject({ items: [], total: first.total, offset: 10_000 })
  })

  it('filters by category and platform, with totals matching /api/categories', async () => {
    const categories = categoryListDtoSchema.parse(await $fetch('/api/categories'))
    const all = await $fetch<CreatorListDto>('/api/creators?limit=1')
    expect(categories.total).toBe(10)
    expect(categories.items.reduce((sum, category) => sum + category.creatorCount, 0)).toBe(all.total)
    for (const { id, creatorCount } of categories.items) {
      const creators = await allCreators(`category=${id}&sort=views`)
      expect(creators).toHaveLength(creatorCount)
      expect(creators.every(creator => creator.category === id)).toBe(true)
      expectOrdered(creators, 'views')
    }
    const youtube = await allCreators('platform=youtube')
    const twitch = await allCreators('platform=twitch&category=gaming')
    expect(youtube.length).toBeGreaterThan(0)
    expect(youtube.every(creator => creator.platforms.youtube)).toBe(true)
    expect(twitch.length).toBeGreaterThan(0)
    expect(twitch.every(creator => creator.platforms.twitch && creator.category === 'gaming')).toBe(true)
  })

  it('finds a creator by id, slug and former slug, with its latest 20 events', async () => {
    const [listed] = (await $fetch<CreatorListDto>('/api/creators?limit=1')).items
    const byId = creatorProfileDtoSchema.parse(await $fetch(`/api/creators/${listed!.id}`))
    const bySlug = creatorProfileDtoSchema.parse(await $fetch(`/api/creators/${listed!.slug}`))
    expect(bySlug).toEqual(byId)
    expect(byId).toMatchObject(listed!)
    expect(byId.timeline).toHaveLength(20)
    const dates = byId.timeline.map(event => event.date)
    expect(dates).toEqual([...dates].sort().reverse())
    expect(byId.timeline.some(event => event.duration !== undefined)).toBe(true)

    const client = await MongoClient.connect((await readRunningServerUri(join(dataDir, 'mongo')))!)
    try {
      // The demo world renames some creators; their former slugs must still lead to them.
      const renamed = await client.db('creatorino').collection('creators').findOne({ slugAliases: { $exists: true } })
      expect(renamed).not.toBeNull()
      const byAlias = await $fetch<CreatorDto>(`/api/creators/${renamed!.slugAliases[0]}`)
      expect(byAlias).toMatchObject({ id: renamed!.creatorId, slug: renamed!.slug })
    }
    finally {
      await client.close()
    }
  })

  it.each(['cr_doesnotexist', 'no-such-creator', '%24ne', 'x'.repeat(150)])('answers 404 JSON for the unknown creator %s', async (id) => {
    const { status, body } = await getJson(`/api/creators/${id}`)
    expect(status).toBe(404)
    expect(body).toMatchObject({ statusCode: 404, message: expect.stringContaining('id:') })
  })

  it('answers 400 for an over-long creator id', async () => {
    const { status, body } = await getJson(`/api/creators/${'x'.repeat(201)}`)
    expect(status).toBe(400)
    expect(body).toMatchObject({ statusCode: 400, message: 'id: must be at most 200 characters' })
  })

  it('ignores unknown query keys', async () => {
    const plain = await $fetch<CreatorListDto>('/api/creators?limit=3')
    expect(await $fetch<CreatorListDto>('/api/creators?limit=3&colour=blue&$where=1')).toEqual(plain)
  })

  it.each([
    ['limit', 'limit=0', 'must be between 1 and 100'],
    ['limit', 'limit=101', 'must be between 1 and 100'],
    ['limit', 'limit=-5', 'must be between 1 and 100'],
    ['limit', 'limit=abc', 'must be a whole number'],
    ['limit', 'limit=1.5', 'must be a whole number'],
    ['limit', 'limit=1e2', 'must be a whole number'],
    ['limit', 'limit=', 'must be a whole number'],
    ['limit', 'limit=99999999999999999999', 'must be between 1 and 100'],
    ['limit', 'limit=1&limit=2', 'must be given once'],
    ['limit', 'limit[$gt]=0', 'must be a plain value'],
    ['offset', 'offset=-1', 'must be between 0 and 10000'],
    ['offset', 'offset=10001', 'must be between 0 and 10000'],
    ['offset', 'offset=ten', 'must be a whole number'],
    ['category', 'category=cooking', 'must be one of gaming, music'],
    ['category', 'category=', 'must be one of'],
    ['category', 'category=GAMING', 'must be one of'],
    ['category', 'category[$ne]=gaming', 'must be a plain value'],
    ['category', 'category=gaming&category=music', 'must be given once'],
    ['platform', 'platform=tiktok', 'must be one of youtube, twitch'],
    ['platform', 'platform[$exists]=1', 'must be a plain value'],
    ['sort', 'sort=popularity', 'must be one of audience, growth, views, name, newest'],
    ['sort', 'sort[$natural]=1', 'must be a plain value'],
  ])('answers 400 naming %s for ?%s', async (field, query, message) => {
    const { status, body } = await getJson(`/api/creators?${query}`)
    expect(status).toBe(400)
    expect(body).toMatchObject({ statusCode: 400, message: expect.stringContaining(`${field}: ${message}`) })
  })

  it('names every bad field at once', async () => {
    const { status, body } = await getJson('/api/creators?limit=0&sort=x')
    expect(status).toBe(400)
    expect((body as { message: string }).message).toMatch(/limit: .*; sort: /)
  })

  it('has no admin routes or webhooks when their secrets are unset: 404 even with a token', async () => {
    for (const [method, path] of [['GET', '/api/admin/sync'], ['POST', '/api/admin/tasks/trending:compute'], ['POST', '/webhooks/twitch/eventsub'], ['GET', '/webhooks/youtube/websub'], ['POST', '/webhooks/youtube/websub']] as const) {
      const response = await fetch(path, { method, headers: { authorization: 'Bearer anything' } })
      expect(response.status, `${method} ${path}`).toBe(404)
    }
  })

  describeTimelines(dataDir)
  describeGrowth(dataDir)
  describeTrending()
  describeSearch()
  describeCompression()
  describeBadInputs()
  describeHealth()
  describePagesHtml()
})
