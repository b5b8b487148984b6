import { describe, expect, it } from 'vitest'
import { collectionsOf, TIMELINE_EVENT_TYPES } from '../../../server/db/index.ts'
import { simulateDemoWorld } from '../../../server/demo/index.ts'
import { addUtcDays, ROUTE_WORDS } from '../../../server/domain/index.ts'
import { useEmbeddedDatabase } from '../embedded-database.ts'

// Its own file, so it runs beside the other suites rather than after them.
const database = useEmbeddedDatabase()
const today = new Date('2026-11-26T15:00:00Z')

describe('simulateDemoWorld (full size)', () => {
  it('builds >= 150 creators, 150 x 180 snapshots and >= 5,000 events of every type, all marked as demo data', { timeout: 120_000 }, async () => {
    const db = await database.freshDb()
    const startedAt = performance.now()
    const outcome = await simulateDemoWorld(db, { today })
    const seconds = (performance.now() - startedAt) / 1000
    console.info(`full demo world: ${outcome.daysSimulated} days in ${seconds.toFixed(1)} s`)
    expect(outcome).toMatchObject({ status: 'created', daysSimulated: 180 })

    const { creators, timelineEvents, growthStats, trendingData } = collectionsOf(db)
    expect(await creators.countDocuments()).toBeGreaterThanOrEqual(150)
    expect(await growthStats.countDocuments()).toBeGreaterThanOrEqual(150 * 180)
    expect(await timelineEvents.countDocuments()).toBeGreaterThanOrEqual(5_000)
    const perType = Object.fromEntries((await timelineEvents.aggregate<{ _id: string, count: number }>([{ $group: { _id: '$type', count: { $sum: 1 } } }]).toArray()).map(row => [row._id, row.count]))
    for (const type of TIMELINE_EVENT_TYPES) expect(perType[type], type).toBeGreaterThan(0)
    expect(await trendingData.countDocuments({ category: 'overall', period: '30d' })).toBe(180 - 30)

    for (const [name, collection, field] of [['creators', creators, 'metadata.dataSource'], ['timeline_events', timelineEvents, 'metadata.dataSource'], ['growth_stats', growthStats, 'dataSource'], ['trending_data', trendingData, 'dataSource']] as const) {
      expect(await (collection as typeof creators).countDocuments({ [field]: { $ne: 'demo' } }), name).toBe(0)
    }
    const all = await creators.find().toArray()
    expect(new Set(all.map(creator => creator.category)).size).toBeGreaterThanOrEqual(8)
    expect(all.some(creator => creator.platforms.youtube && creator.platforms.twitch)).toBe(true)
    expect(all.some(creator => creator.stats.audienceIsPartial)).toBe(true)
    expect(all.some(creator => (creator.slugAliases ?? []).length > 0)).toBe(true)
    expect(all.filter(creator => ROUTE_WORDS.has(creator.slug))).toEqual([])
    expect(all.every(creator => creator.avatarUrl.startsWith('/demo-art/avatar.svg?') && creator.bannerUrl.startsWith('/demo-art/banner.svg?'))).toBe(true)
    const subscriberCounts = all.flatMap(creator => creator.platforms.youtube?.subscribers ?? [])
    expect(subscriberCounts.every(count => count < 1000 || Number(String(count).slice(3)) === 0)).toBe(true)
    const recentUploads = await timelineEvents.countDocuments({ type: 'video_upload', publishedAt: { $gte: addUtcDays(today, -8) } })
    expect(recentUploads).toBeGreaterThan(0)
  })
})
