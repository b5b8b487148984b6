import { describe, expect, it } from 'vitest'
import { collectionsOf, UNKNOWN_SORT_KEY } from '../../../server/db/index.ts'
import { platformStatsOf, recordDailySnapshots, updateCreatorStats, upsertCreator, upsertEvents } from '../../../server/domain/index.ts'
import { useEmbeddedDatabase } from '../embedded-database.ts'
import { creatorInput, snapshot, T0, twitchAccount, upload, youtubeAccount } from './fixtures.ts'

const database = useEmbeddedDatabase()

describe('platformStatsOf', () => {
  it.each([
    ['both known', { youtube: youtubeAccount({ subscribers: 1_000 }), twitch: twitchAccount({ followers: 500 }) }, { subscribers: 1_500, audienceIsPartial: false }],
    ['hidden YouTube count left out', { youtube: youtubeAccount({ subscribers: null }), twitch: twitchAccount({ followers: 500 }) }, { subscribers: 500, audienceIsPartial: true }],
    ['only a hidden count: unknown, not 0', { youtube: youtubeAccount({ subscribers: null }) }, { subscribers: null, audienceIsPartial: true }],
    ['Twitch only', { twitch: twitchAccount({ followers: 0 }) }, { subscribers: 0, audienceIsPartial: false }],
  ])('%s', (_label, platforms, expected) => {
    expect(platformStatsOf(platforms)).toMatchObject(expected)
  })

  it('counts videos on both platforms, views on YouTube only, and joins at the earliest account', () => {
    const stats = platformStatsOf({ youtube: youtubeAccount({ videos: null, views: 77 }), twitch: twitchAccount({ videos: 40 }) })
    expect(stats).toMatchObject({ videos: 40, totalViews: 77, joinDate: new Date('2015-06-01T00:00:00Z') })
    expect(platformStatsOf({ twitch: twitchAccount() }).totalViews).toBeNull()
  })
})

describe('updateCreatorStats', () => {
  it('computes 30-day audience growth and average views, with unknowns sorting last', async () => {
    const db = await database.freshDb()
    const { creatorId } = await upsertCreator(db, creatorInput({ platforms: { youtube: youtubeAccount({ subscribers: 1_200 }), twitch: twitchAccount({ followers: 300 }) } }), { at: T0 })
    const { creatorId: hidden } = await upsertCreator(db, creatorInput({ name: 'Hidden', platforms: { youtube: youtubeAccount({ channelId: 'UC_hidden', handle: 'Hidden', subscribers: null }) } }), { at: T0 })
    await recordDailySnapshots(db, [
      snapshot(creatorId, '2026-01-30T23:00:00Z', { subscribers: 1_000 }),
      snapshot(creatorId, '2026-01-30T23:00:00Z', { followers: 200 }, 'twitch'),
      snapshot(creatorId, '2026-03-01T23:00:00Z', { subscribers: 1_200 }),
      snapshot(creatorId, '2026-03-01T23:00:00Z', { followers: 300 }, 'twitch'),
      snapshot(hidden, '2026-01-30T23:00:00Z', { subscribers: null }),
      snapshot(hidden, '2026-03-01T23:00:00Z', { subscribers: null }),
    ])
    const views = Array.from({ length: 25 }, (_, i) => i < 5 ? 1_000_000 : 100 * (i - 4))
    await upsertEvents(db, views.map((count, i) => upload(creatorId, `v${i}`, { publishedAt: new Date(T0.getTime() - (25 - i) * 86_400_000), metrics: { views: count } })), { at: T0 })
    await upsertEvents(db, [upload(creatorId, 'unknown', { publishedAt: T0, metrics: { views: null } })], { at: T0 })

    // The hidden creator's stats were already all unknown: only the other one changes.
    expect(await updateCreatorStats(db, { day: new Date('2026-03-01T00:00:00Z'), at: T0 })).toBe(1)
    const { creators } = collectionsOf(db)
    const stored = await creators.findOne({ creatorId })
    expect(stored?.stats).toEqual({
      subscribers: 1_500, audienceIsPartial: false, videos: 160, totalViews: 1_000_000,
      // The last 20 uploads are the one with unknown views (skipped) and v24…v6: 200…2,000 views.
      recentGrowth: 25, averageViews: 1_100, joinDate: new Date('2015-06-01T00:00:00Z'),
    })
    const unknown = await creators.findOne({ creatorId: hidden })
    expect(unknown?.stats).toMatchObject({ subscribers: null, audienceIsPartial: true, recentGrowth: null, averageViews: null })
    expect(unknown?.sortKeys).toMatchObject({ subscribers: UNKNOWN_SORT_KEY, recentGrowth: UNKNOWN_SORT_KEY })
    const order = await creators.find({}).sort({ 'sortKeys.subscribers': -1 }).toArray()
    expect(order.map(creator => creator.creatorId)).toEqual([creatorId, hidden])

    expect(await updateCreatorStats(db, { day: new Date('2026-03-01T00:00:00Z'), at: T0 })).toBe(0)
  })
})
