import { describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../server/db/index.ts'
import { recordDailySnapshot, recordDailySnapshots } from '../../../server/domain/index.ts'
import { contentsOf, useEmbeddedDatabase } from '../embedded-database.ts'
import { snapshot } from './fixtures.ts'

const database = useEmbeddedDatabase()

describe('recordDailySnapshots', () => {
  it('keeps one snapshot per creator, platform and UTC day: the last observation wins', async () => {
    const db = await database.freshDb()
    await recordDailySnapshot(db, snapshot('cr_a', '2026-03-01T08:00:00Z', { subscribers: 100 }))
    await recordDailySnapshot(db, snapshot('cr_a', '2026-03-01T23:59:00Z', { subscribers: 130 }))
    await recordDailySnapshot(db, snapshot('cr_a', '2026-03-01T12:00:00Z', { subscribers: 110 }))
    await recordDailySnapshot(db, snapshot('cr_a', '2026-03-02T00:00:00Z', { subscribers: 140 }))
    await recordDailySnapshot(db, snapshot('cr_a', '2026-03-01T20:00:00Z', { followers: 7 }, 'twitch'))
    const stored = await collectionsOf(db).growthStats.find({}, { projection: { _id: 0, platform: 1, date: 1, metrics: 1, observedAt: 1, createdAt: 1 } }).sort({ date: 1, platform: -1 }).toArray()
    expect(stored).toEqual([
      { platform: 'youtube', date: new Date('2026-03-01T00:00:00Z'), metrics: { subscribers: 130, views: null, videos: null, followers: null, engagement: null }, observedAt: new Date('2026-03-01T23:59:00Z'), createdAt: new Date('2026-03-01T08:00:00Z') },
      { platform: 'twitch', date: new Date('2026-03-01T00:00:00Z'), metrics: { subscribers: null, views: null, videos: null, followers: 7, engagement: null }, observedAt: new Date('2026-03-01T20:00:00Z'), createdAt: new Date('2026-03-01T20:00:00Z') },
      { platform: 'youtube', date: new Date('2026-03-02T00:00:00Z'), metrics: { subscribers: 140, views: null, videos: null, followers: null, engagement: null }, observedAt: new Date('2026-03-02T00:00:00Z'), createdAt: new Date('2026-03-02T00:00:00Z') },
    ])
  })

  it('takes the latest of several observations in one batch, and repeating the batch changes nothing', async () => {
    const db = await database.freshDb()
    const batch = [
      snapshot('cr_a', '2026-03-01T18:00:00Z', { subscribers: 5 }),
      snapshot('cr_a', '2026-03-01T09:00:00Z', { subscribers: 3 }),
      snapshot('cr_b', '2026-03-01T09:00:00Z', { subscribers: null }),
    ]
    expect(await recordDailySnapshots(db, batch)).toBe(2)
    const before = await contentsOf(db)
    expect(await recordDailySnapshots(db, batch)).toBe(0)
    expect(await contentsOf(db)).toEqual(before)
    expect((await collectionsOf(db).growthStats.findOne({ creatorId: 'cr_a' }))?.metrics.subscribers).toBe(5)
  })

  it('rejects a metric that is not a count', async () => {
    const db = await database.freshDb()
    await expect(recordDailySnapshot(db, snapshot('cr_a', '2026-03-01T08:00:00Z', { subscribers: -1 }))).rejects.toThrow()
  })
})
