import { describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../server/db/index.ts'
import { eventIdFor, upsertEvents } from '../../../server/domain/index.ts'
import { contentsOf, useEmbeddedDatabase } from '../embedded-database.ts'
import { T0, upload } from './fixtures.ts'

const database = useEmbeddedDatabase()
const later = new Date(T0.getTime() + 86_400_000)

describe('eventIdFor', () => {
  it('is the same for the same identity and differs when any part differs', () => {
    const id = eventIdFor('cr_a', 'youtube', 'video_upload', 'vid1')
    expect(id).toMatch(/^ev_[0-9a-f]{24}$/)
    expect(eventIdFor('cr_a', 'youtube', 'video_upload', 'vid1')).toBe(id)
    const variants = [
      eventIdFor('cr_b', 'youtube', 'video_upload', 'vid1'),
      eventIdFor('cr_a', 'twitch', 'video_upload', 'vid1'),
      eventIdFor('cr_a', 'youtube', 'collaboration', 'vid1'),
      eventIdFor('cr_a', 'youtube', 'video_upload', 'vid2'),
    ]
    expect(new Set([id, ...variants]).size).toBe(5)
  })
})

describe('upsertEvents', () => {
  it('inserts once and then updates metrics, keeping identity and creation date', async () => {
    const db = await database.freshDb()
    await upsertEvents(db, [upload('cr_a', 'vid1', { metrics: { views: 10 } })], { at: T0 })
    await upsertEvents(db, [upload('cr_a', 'vid1', { metrics: { views: 500, likes: 20 }, title: 'Better title' })], { at: later })
    const stored = await collectionsOf(db).timelineEvents.find({}, { projection: { _id: 0 } }).toArray()
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({
      eventId: eventIdFor('cr_a', 'youtube', 'video_upload', 'vid1'),
      title: 'Better title',
      metrics: { views: 500, likes: 20, comments: null, shares: null },
      createdAt: T0,
      metadata: { dataSource: 'demo', lastUpdated: later },
    })
  })

  it('writes nothing when the same events come again', async () => {
    const db = await database.freshDb()
    const events = [upload('cr_a', 'vid1'), upload('cr_a', 'vid2'), upload('cr_b', 'vid1')]
    expect(await upsertEvents(db, events, { at: T0 })).toHaveLength(3)
    const before = await contentsOf(db)
    expect(await upsertEvents(db, events, { at: later })).toHaveLength(0)
    expect(await contentsOf(db)).toEqual(before)
  })

  it('stores durations in seconds and unknown metrics as null', async () => {
    const db = await database.freshDb()
    await upsertEvents(db, [upload('cr_a', 'vid1', { metrics: { views: null }, media: { durationSeconds: 1263 } })], { at: T0 })
    const stored = await collectionsOf(db).timelineEvents.findOne({})
    expect(stored?.media).toEqual({ thumbnailUrl: null, durationSeconds: 1263, url: null })
    expect(stored?.metrics.views).toBeNull()
  })

  it('refuses an unknown event type at the write boundary', async () => {
    const db = await database.freshDb()
    await expect(upsertEvents(db, [upload('cr_a', 'vid1', { type: 'tweet' as never })])).rejects.toThrow()
  })
})
