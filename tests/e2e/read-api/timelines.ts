import { $fetch } from '@nuxt/test-utils/e2e'
import { expect, it } from 'vitest'
import {
  creatorProfileDtoSchema, feedPageDtoSchema, timelinePageDtoSchema, TIMELINE_EVENT_TYPES,
  type CreatorListDto, type TimelineEventDto,
} from '../../../shared/schemas/index.ts'
import { getJson, withAppDatabase } from './helpers.ts'

function expectNewestFirst(events: Array<Pick<TimelineEventDto, 'date' | 'id'>>) {
  for (let index = 1; index < events.length; index++) {
    const [newer, older] = [events[index - 1]!, events[index]!]
    expect(newer.date > older.date || (newer.date === older.date && newer.id > older.id)).toBe(true)
  }
}

/** Follows nextCursor from the first page to the last. */
async function everyPage(path: string, limit: number, parse = (body: unknown) => timelinePageDtoSchema.parse(body)) {
  const events: TimelineEventDto[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const separator = path.includes('?') ? '&' : '?'
    const page = parse(await $fetch(`${path}${separator}limit=${limit}${cursor ? `&before=${cursor}` : ''}`))
    expect(page.items.length).toBeLessThanOrEqual(limit)
    events.push(...page.items)
    cursor = page.nextCursor
    pages++
  } while (cursor && pages < 500)
  return events
}

/** Timelines of one creator and of everyone: cursor paging, filters, the alias route. */
export function describeTimelines(dataDir: string) {
  it('pages a creator\'s whole timeline by cursor, newest first, without repeats, equal to one big page', async () => {
    const [creator] = (await $fetch<CreatorListDto>('/api/creators?limit=1')).items
    const byCursor = await everyPage(`/api/creators/${creator!.slug}/timeline`, 17)
    const total = await withAppDatabase(dataDir, db => db.collection('timeline_events').countDocuments({ creatorId: creator!.id }))
    expect(byCursor).toHaveLength(total)
    expect(new Set(byCursor.map(event => event.id)).size).toBe(total)
    expectNewestFirst(byCursor)
    const profile = creatorProfileDtoSchema.parse(await $fetch(`/api/creators/${creator!.id}`))
    expect(profile.timeline).toEqual(byCursor.slice(0, 20))
    const byOffset = timelinePageDtoSchema.parse(await $fetch(`/api/creators/${creator!.slug}/timeline?limit=5&offset=17`))
    expect(byOffset.items).toEqual(byCursor.slice(17, 22))
  })

  it('keeps paging stably while new events arrive', async () => {
    const [, creator] = (await $fetch<CreatorListDto>('/api/creators?limit=2&sort=views')).items
    const first = timelinePageDtoSchema.parse(await $fetch(`/api/creators/${creator!.slug}/timeline?limit=10`))
    // A newer event arrives between two page loads: offset paging would now repeat the 10th event.
    await withAppDatabase(dataDir, db => db.collection('timeline_events').insertOne({
      ...{ eventId: 'ev_zzzznewarrival', creatorId: creator!.id, platform: 'youtube', platformEventId: 'late-arrival', type: 'video_upload' },
      title: 'Just uploaded', description: '', publishedAt: new Date(), relatedCreatorIds: [],
      metrics: { views: 1, likes: null, comments: null, shares: null, peakViewers: null, averageViewers: null },
      media: { thumbnailUrl: null, durationSeconds: 61, url: null },
      metadata: { dataSource: 'demo', lastUpdated: new Date() }, createdAt: new Date(),
    }))
    const second = timelinePageDtoSchema.parse(await $fetch(`/api/creators/${creator!.slug}/timeline?limit=10&before=${first.nextCursor}`))
    const ids = [...first.items, ...second.items].map(event => event.id)
    expect(new Set(ids).size).toBe(20)
    expect(ids).not.toContain('ev_zzzznewarrival')
    expectNewestFirst([...first.items, ...second.items])
  })

  it('serves the same timeline at /api/timeline/:creatorId', async () => {
    const [creator] = (await $fetch<CreatorListDto>('/api/creators?limit=1&sort=name')).items
    expect(await $fetch(`/api/timeline/${creator!.id}?limit=30`)).toEqual(await $fetch(`/api/creators/${creator!.slug}/timeline?limit=30`))
    const { status, body } = await getJson('/api/timeline/no-such-creator')
    expect(status).toBe(404)
    expect(body).toMatchObject({ statusCode: 404, message: expect.stringContaining('creatorId:') })
  })

  it.each(TIMELINE_EVENT_TYPES)('filters the activity feed by type %s, each event naming its creator', async (type) => {
    const page = feedPageDtoSchema.parse(await $fetch(`/api/timeline/recent?type=${type}&limit=50`))
    expect(page.items.length).toBeGreaterThan(0)
    expect(page.items.every(event => event.type === type && event.creator.url === `/creators/${event.creator.slug}`)).toBe(true)
    expectNewestFirst(page.items)
  })

  it('gives a stream its audience (peak and average viewers, hours watched = average × hours live), shown on the page', async () => {
    const streams = feedPageDtoSchema.parse(await $fetch('/api/timeline/recent?type=stream&limit=50')).items
    const followed = streams.filter(event => event.peakViewers !== undefined)
    expect(followed.length).toBeGreaterThan(0)
    for (const stream of followed) {
      const [hours, minutes, seconds] = stream.duration!.split(':').map(Number)
      expect(stream.peakViewers).toBeGreaterThanOrEqual(stream.averageViewers!)
      expect(stream.hoursWatched).toBeCloseTo(stream.averageViewers! * (hours! + minutes! / 60 + seconds! / 3600), 0)
    }
    const html = await $fetch<string>('/activity?type=stream')
    expect(html).toMatch(/<dt[^>]*>Peak viewers<\/dt>/)
    expect(html).toMatch(/<dt[^>]*>Hours watched<\/dt>/)
  })

  it('pages the activity feed by cursor across creators and platforms', async () => {
    const twitch = await everyPage('/api/timeline/recent?platform=twitch', 100, body => feedPageDtoSchema.parse(body))
    const total = await withAppDatabase(dataDir, db => db.collection('timeline_events').countDocuments({ platform: 'twitch' }))
    expect(twitch).toHaveLength(total)
    expect(new Set(twitch.map(event => event.id)).size).toBe(total)
    expect(twitch.every(event => event.platform === 'twitch')).toBe(true)
    expectNewestFirst(twitch)
    expect(twitch.some(event => event.type === 'stream' && /^\d+:\d{2}:\d{2}$/.test(event.duration ?? ''))).toBe(true)
  })
}
