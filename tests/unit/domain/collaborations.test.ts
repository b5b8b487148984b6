import { describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../server/db/index.ts'
import { deriveCollaborations, eventIdFor, mentionedHandles, upsertCreators, upsertEvents } from '../../../server/domain/index.ts'
import { contentsOf, useEmbeddedDatabase } from '../embedded-database.ts'
import { creatorInput, T0, twitchAccount, upload, youtubeCreator } from './fixtures.ts'

const database = useEmbeddedDatabase()
const window = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z'), at: T0 }

describe('mentionedHandles', () => {
  it.each([
    ['Cooking with @ChefMaya!', ['chefmaya']],
    ['ft. @pixel.fox and @Nova_Live.', ['pixel.fox', 'nova_live']],
    ['mail me: me@example.com', []],
    ['@a is too short, @ok', ['ok']],
  ])('%j mentions %j', (text, handles) => {
    expect(mentionedHandles(text)).toEqual(handles)
  })
})

describe('deriveCollaborations', () => {
  async function threeCreators() {
    const db = await database.freshDb()
    const [maya, nova, solo] = await upsertCreators(db, [
      youtubeCreator('ChefMaya'),
      creatorInput({ name: 'Nova', platforms: { twitch: twitchAccount({ userId: '42', login: 'nova_live' }) } }),
      youtubeCreator('Solo'),
    ], { at: T0 })
    return { db, maya: maya!.creatorId, nova: nova!.creatorId, solo: solo!.creatorId }
  }

  it('puts one collaboration on the timeline of each creator involved', async () => {
    const { db, maya, nova, solo } = await threeCreators()
    await upsertEvents(db, [
      upload(maya, 'vid1', { title: 'Ramen night ft. @Nova_Live', metrics: { views: 1234 } }),
      upload(solo, 'vid2', { title: 'Just me, @ChefMaya fan art', description: 'and @nobody-we-track' }),
      upload(solo, 'vid3', { title: 'Talking to myself @Solo' }),
    ], { at: T0 })
    expect(await deriveCollaborations(db, window)).toBe(4)
    const collaborations = await collectionsOf(db).timelineEvents.find({ type: 'collaboration' }, { projection: { _id: 0, creatorId: 1, relatedCreatorIds: 1, sourceEventId: 1, platformEventId: 1 } }).toArray()
    expect(collaborations).toEqual(expect.arrayContaining([
      { creatorId: maya, platformEventId: 'vid1', relatedCreatorIds: [nova], sourceEventId: eventIdFor(maya, 'youtube', 'video_upload', 'vid1') },
      { creatorId: nova, platformEventId: 'vid1', relatedCreatorIds: [maya], sourceEventId: eventIdFor(maya, 'youtube', 'video_upload', 'vid1') },
      { creatorId: solo, platformEventId: 'vid2', relatedCreatorIds: [maya], sourceEventId: eventIdFor(solo, 'youtube', 'video_upload', 'vid2') },
      { creatorId: maya, platformEventId: 'vid2', relatedCreatorIds: [solo], sourceEventId: eventIdFor(solo, 'youtube', 'video_upload', 'vid2') },
    ]))
    expect(collaborations).toHaveLength(4)
  })

  it('is idempotent, and the copies follow the source\'s metrics', async () => {
    const { db, maya, nova } = await threeCreators()
    await upsertEvents(db, [upload(maya, 'vid1', { title: 'With @nova_live', metrics: { views: 10 } })], { at: T0 })
    await deriveCollaborations(db, window)
    const before = await contentsOf(db)
    await deriveCollaborations(db, window)
    expect(await contentsOf(db)).toEqual(before)
    await upsertEvents(db, [upload(maya, 'vid1', { title: 'With @nova_live', metrics: { views: 999 } })], { at: T0 })
    const copy = await collectionsOf(db).timelineEvents.findOne({ creatorId: nova, type: 'collaboration' })
    expect(copy?.metrics.views).toBe(999)
  })
})
