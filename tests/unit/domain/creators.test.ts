import { describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../server/db/index.ts'
import { chooseFreeSlug, hideCreatorForRemoval, ROUTE_WORDS, slugBaseFor, upsertCreator, upsertCreators, type PipelineChange } from '../../../server/domain/index.ts'
import { contentsOf, useEmbeddedDatabase } from '../embedded-database.ts'
import { creatorInput, T0, twitchAccount, youtubeAccount, youtubeCreator } from './fixtures.ts'

const database = useEmbeddedDatabase()
const later = (days: number) => new Date(T0.getTime() + days * 86_400_000)

describe('slug rules', () => {
  it.each([
    ['Mr Beast', 'mr-beast'],
    ['Chloé Cuisine', 'chloe-cuisine'],
    ['  --Björn__Builds!!  ', 'bjorn-builds'],
    ['日本語', 'creator'],
    ['A'.repeat(80), 'a'.repeat(60)],
  ])('slugBaseFor(%j) is %j', (name, slug) => {
    expect(slugBaseFor(name)).toBe(slug)
  })

  it.each([...ROUTE_WORDS])('never hands out the route word %j', (word) => {
    expect(chooseFreeSlug(word, () => false)).toBe(`${word}-2`)
  })

  it('takes the lowest free suffix', () => {
    const taken = new Set(['alex', 'alex-2'])
    expect(chooseFreeSlug('alex', slug => taken.has(slug))).toBe('alex-3')
  })
})

describe('upsertCreators', () => {
  it('creates creators with unique slugs, avoiding route words', async () => {
    const db = await database.freshDb()
    const results = await upsertCreators(db, [youtubeCreator('Alex Plays'), youtubeCreator('Alex  Plays!'), youtubeCreator('Top'), youtubeCreator('Search')], { at: T0 })
    expect(results.map(result => result.slug)).toEqual(['alex-plays', 'alex-plays-2', 'top-2', 'search-2'])
    expect(results.every(result => result.status === 'created' && /^cr_[0-9a-f]{16}$/.test(result.creatorId))).toBe(true)
  })

  it('matches by platform account, so the same input twice changes nothing', async () => {
    const db = await database.freshDb()
    const first = await upsertCreator(db, creatorInput(), { at: T0 })
    const before = await contentsOf(db)
    const again = await upsertCreator(db, creatorInput(), { at: T0 })
    expect(again).toEqual({ ...first, status: 'unchanged' })
    expect(await contentsOf(db)).toEqual(before)
  })

  it('keeps the stored platform accounts a source leaves out', async () => {
    const db = await database.freshDb()
    const { creatorId } = await upsertCreator(db, creatorInput({ platforms: { youtube: youtubeAccount(), twitch: twitchAccount() } }), { at: T0 })
    await upsertCreator(db, creatorInput({ platforms: { youtube: youtubeAccount({ subscribers: 12_400 }) } }), { at: later(1) })
    const stored = await collectionsOf(db).creators.findOne({ creatorId })
    expect(stored?.platforms.twitch?.login).toBe('testchannel')
    expect(stored?.stats.subscribers).toBe(12_400 + 5_000)
  })

  it('loses neither platform\'s figures when the YouTube and the Twitch sync write the same creator at once', async () => {
    const db = await database.freshDb()
    const { creatorId } = await upsertCreator(db, creatorInput({ platforms: { youtube: youtubeAccount(), twitch: twitchAccount() } }), { at: T0 })
    for (let round = 1; round <= 5; round++) {
      await Promise.all([
        upsertCreator(db, creatorInput({ platforms: { youtube: youtubeAccount({ subscribers: 12_300 + round }) } }), { at: later(round) }),
        upsertCreator(db, creatorInput({ platforms: { twitch: twitchAccount({ followers: 5_000 + round }) } }), { at: later(round) }),
      ])
      const stored = await collectionsOf(db).creators.findOne({ creatorId })
      expect(stored?.platforms.youtube?.subscribers, `round ${round}`).toBe(12_300 + round)
      expect(stored?.platforms.twitch?.followers, `round ${round}`).toBe(5_000 + round)
      expect(stored?.stats.subscribers, `round ${round}`).toBe(12_300 + round + 5_000 + round)
    }
  })

  it('does not undo a removal\'s hiding, or a pending creator\'s publication, that happens while it writes', async () => {
    const db = await database.freshDb()
    const { creatorId } = await upsertCreator(db, creatorInput(), { at: T0 })
    await Promise.all([
      upsertCreator(db, creatorInput({ platforms: { youtube: youtubeAccount({ subscribers: 99_999 }) } }), { at: later(1) }),
      hideCreatorForRemoval(db, creatorId),
    ])
    const stored = await collectionsOf(db).creators.findOne({ creatorId })
    expect(stored?.metadata).toMatchObject({ hidden: 'removing', isActive: false })
    expect(stored?.platforms.youtube?.subscribers).toBe(99_999)
  })

  it('keeps old slugs as aliases after a rename, and announces the rename', async () => {
    const db = await database.freshDb()
    const { creatorId } = await upsertCreator(db, creatorInput({ name: 'Old Name' }), { at: T0 })
    const renamed = await upsertCreator(db, creatorInput({ name: 'New Name', platforms: { youtube: youtubeAccount({ title: 'New Name' }) } }), { at: later(1) })
    expect(renamed).toMatchObject({ creatorId, slug: 'new-name', status: 'updated' })
    expect(renamed.profileChanges).toEqual([{ creatorId, platform: 'youtube', change: 'rename', from: 'Old Name', to: 'New Name', at: later(1) }])
    const { creators, timelineEvents } = collectionsOf(db)
    expect(await creators.findOne({ slugAliases: 'old-name' }, { projection: { _id: 0, creatorId: 1, slug: 1 } })).toEqual({ creatorId, slug: 'new-name' })
    const announcement = await timelineEvents.findOne({ creatorId, type: 'announcement' })
    expect(announcement).toMatchObject({ title: 'Renamed to New Name', publishedAt: later(1), announcement: { change: 'rename', from: 'Old Name', to: 'New Name' } })

    const back = await upsertCreator(db, creatorInput({ name: 'Old Name' }), { at: later(2) })
    expect(back.slug).toBe('old-name')
    expect((await creators.findOne({ creatorId }))?.slugAliases).toEqual(['new-name'])
  })

  it('does not give a new creator another creator\'s old slug', async () => {
    const db = await database.freshDb()
    await upsertCreator(db, youtubeCreator('Nova'), { at: T0 })
    await upsertCreator(db, youtubeCreator('Nova', {}, { name: 'Nova Prime' }), { at: later(1) })
    const newcomer = await upsertCreator(db, youtubeCreator('Nova Two', {}, { name: 'Nova' }), { at: later(2) })
    expect(newcomer.slug).toBe('nova-2')
  })

  it.each([
    ['new YouTube handle', { platforms: { youtube: youtubeAccount({ handle: 'TestChannelHQ' }) } }, { platform: 'youtube', change: 'new_handle', from: 'TestChannel', to: 'TestChannelHQ' }],
    ['category change', { category: 'gaming' as const }, { platform: 'creatorino', change: 'category_change', from: 'technology', to: 'gaming' }],
  ])('announces a %s', async (_label, change, expected) => {
    const db = await database.freshDb()
    await upsertCreator(db, creatorInput(), { at: T0 })
    const result = await upsertCreator(db, creatorInput(change), { at: later(1) })
    expect(result.profileChanges).toMatchObject([expected])
    expect(await collectionsOf(db).timelineEvents.countDocuments({ type: 'announcement' })).toBe(1)
  })

  it('tells the listener which creators changed, and only those', async () => {
    const db = await database.freshDb()
    const changes: PipelineChange[] = []
    const [a] = await upsertCreators(db, [youtubeCreator('One'), youtubeCreator('Two')], { at: T0 })
    await upsertCreators(db, [youtubeCreator('One', { subscribers: 99_000 }), youtubeCreator('Two')], { at: T0, onChange: change => changes.push(change) })
    expect(changes).toEqual([{ kind: 'creator', creatorId: a!.creatorId }])
  })

  it('refuses input whose accounts belong to two different creators', async () => {
    const db = await database.freshDb()
    await upsertCreators(db, [
      creatorInput({ platforms: { youtube: youtubeAccount() } }),
      creatorInput({ name: 'Other', platforms: { twitch: twitchAccount() } }),
    ], { at: T0 })
    await expect(upsertCreator(db, creatorInput({ platforms: { youtube: youtubeAccount(), twitch: twitchAccount() } }))).rejects.toThrow(/different creators/)
  })
})
