import { describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../server/db/index.ts'
import { computeTrendingRanking, recordDailySnapshots, trendingScore, upsertCreators, type PipelineChange } from '../../../server/domain/index.ts'
import { contentsOf, useEmbeddedDatabase } from '../embedded-database.ts'
import { snapshot, T0, youtubeCreator } from './fixtures.ts'

const database = useEmbeddedDatabase()

describe('trendingScore', () => {
  it.each([
    ['a huge creator standing still', { audienceGrowthRate: 0.05, viewGrowthRate: 0.2, audienceBefore: 100_000_000 }, 0, 0.2],
    ['a mid-sized creator growing fast', { audienceGrowthRate: 12, viewGrowthRate: 20, audienceBefore: 40_000 }, 12, 15],
    ['a tiny creator doubling (damped)', { audienceGrowthRate: 100, viewGrowthRate: null, audienceBefore: 50 }, 0.5, 1.5],
  ])('%s scores between %d and %d', (_label, figures, low, high) => {
    const score = trendingScore(figures)
    expect(score).toBeGreaterThanOrEqual(low)
    expect(score).toBeLessThanOrEqual(high)
  })
})

describe('computeTrendingRanking', () => {
  const day = new Date('2026-03-08T00:00:00Z')

  async function world() {
    const db = await database.freshDb()
    const creators = await upsertCreators(db, [
      youtubeCreator('Giant', {}, { category: 'gaming' }),
      youtubeCreator('Rising', {}, { category: 'gaming' }),
      youtubeCreator('Chef', {}, { category: 'food' }),
    ], { at: T0 })
    const [giant, rising, chef] = creators.map(creator => creator.creatorId) as [string, string, string]
    const series = (creatorId: string, start: number, end: number, views: [number, number]) => [
      snapshot(creatorId, '2026-03-01T23:00:00Z', { subscribers: start, views: views[0] }),
      snapshot(creatorId, '2026-03-07T23:00:00Z', { subscribers: Math.round((start + end) / 2), views: views[1] }),
      snapshot(creatorId, '2026-03-08T23:00:00Z', { subscribers: end, views: views[1] }),
    ]
    await recordDailySnapshots(db, [
      ...series(giant, 150_000_000, 150_100_000, [40e9, 40.01e9]),
      ...series(rising, 20_000, 26_000, [1e6, 1.5e6]),
      ...series(chef, 300_000, 303_000, [5e7, 5.1e7]),
    ])
    return { db, giant, rising, chef }
  }

  it('ranks relative growth, so a small fast-growing creator beats a huge flat one', async () => {
    const { db, giant, rising, chef } = await world()
    const changes: PipelineChange[] = []
    expect(await computeTrendingRanking(db, { day, at: T0 }, { onChange: change => changes.push(change) })).toBe(3)
    const { trendingData } = collectionsOf(db)
    const overall = await trendingData.findOne({ date: day, category: 'overall', period: '7d' })
    expect(overall?.rankings.map(entry => entry.creatorId)).toEqual([rising, chef, giant])
    expect(overall?.rankings[0]).toMatchObject({ rank: 1, previousRank: null, growthRate: 30, viewGrowthRate: 50, audienceGain: 6_000 })
    const gaming = await trendingData.findOne({ date: day, category: 'gaming', period: '7d' })
    expect(gaming?.rankings.map(entry => entry.creatorId)).toEqual([rising, giant])
    expect(await trendingData.countDocuments({ period: '30d' })).toBe(0)
    expect(changes).toContainEqual({ kind: 'ranking', date: day, category: 'overall', period: '7d' })
  })

  it('is idempotent for a day, and ranks change against the previous day', async () => {
    const { db, rising } = await world()
    await computeTrendingRanking(db, { day: new Date('2026-03-07T00:00:00Z'), at: T0 })
    await computeTrendingRanking(db, { day, at: T0 })
    const before = await contentsOf(db)
    expect(await computeTrendingRanking(db, { day, at: new Date() })).toBe(0)
    expect(await contentsOf(db)).toEqual(before)
    await recordDailySnapshots(db, [snapshot(rising, '2026-03-09T23:00:00Z', { subscribers: 26_000, views: 1.5e6 })])
    await computeTrendingRanking(db, { day: new Date('2026-03-09T00:00:00Z'), at: T0 })
    const next = await collectionsOf(db).trendingData.findOne({ date: new Date('2026-03-09T00:00:00Z'), category: 'overall', period: '7d' })
    expect(next?.rankings[0]).toMatchObject({ creatorId: rising, rank: 1, previousRank: 1 })
  })
})
