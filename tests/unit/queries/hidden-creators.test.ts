import { describe, expect, it } from 'vitest'
import { collectionsOf, type CreatorHiddenState } from '../../../server/db/index.ts'
import { computeTrendingRanking, markCreatorsPublic, recordDailySnapshots, upsertCreators, upsertEvents } from '../../../server/domain/index.ts'
import { countCreatorsByCategory } from '../../../server/queries/category-counts.ts'
import { findCreatorProfile } from '../../../server/queries/creator-profile.ts'
import { resolveCreatorId } from '../../../server/queries/creator-ref.ts'
import { findCreatorsById } from '../../../server/queries/creators-by-id.ts'
import { findSitemapCreators } from '../../../server/queries/sitemap-creators.ts'
import { useEmbeddedDatabase } from '../embedded-database.ts'
import { snapshot, T0, upload, youtubeCreator } from '../domain/fixtures.ts'

const { freshDb } = useEmbeddedDatabase()
const DAY = new Date('2026-03-08T00:00:00Z')

/** Two growing creators with an upload each; `Hidden Star` then hidden in the given state. */
async function worldWithHidden(state: CreatorHiddenState) {
  const db = await freshDb()
  const [shown, hidden] = (await upsertCreators(db, [youtubeCreator('Shown Star'), youtubeCreator('Hidden Star')], { at: T0 })).map(creator => creator.creatorId) as [string, string]
  await recordDailySnapshots(db, [shown, hidden].flatMap(creatorId => [
    snapshot(creatorId, '2026-03-01T23:00:00Z', { subscribers: 1000, views: 10_000 }),
    snapshot(creatorId, '2026-03-08T23:00:00Z', { subscribers: 2000, views: 20_000 }),
  ]))
  await upsertEvents(db, [upload(shown, 'shown-video'), upload(hidden, 'hidden-video')])
  await collectionsOf(db).creators.updateOne({ creatorId: hidden }, { $set: { 'metadata.hidden': state } })
  return { db, shown, hidden }
}

describe.each(['pending', 'removing'] as const)('a creator hidden as %s', (state) => {
  // The list, search and the feed (their queries read #shared, outside this project) are covered by tests/e2e/creator-lifecycle.ts.
  it('is absent from every public read', async () => {
    const { db, shown, hidden } = await worldWithHidden(state)
    expect(await findCreatorProfile(db, hidden)).toBeNull()
    expect(await resolveCreatorId(db, 'hidden-star')).toBeNull()
    expect(await resolveCreatorId(db, 'hidden-star', { includeHidden: true })).toBe(hidden)
    expect([...(await findCreatorsById(db, [shown, hidden])).keys()]).toEqual([shown])
    expect((await findSitemapCreators(db)).map(creator => creator.slug)).toEqual(['shown-star'])
    expect((await countCreatorsByCategory(db)).find(entry => entry.category === 'technology')?.count).toBe(1)
  })

  it('is not ranked', async () => {
    const { db, shown } = await worldWithHidden(state)
    await computeTrendingRanking(db, { day: DAY, at: T0 })
    const overall = await collectionsOf(db).trendingData.findOne({ category: 'overall', period: '7d' })
    expect(overall?.rankings.map(entry => entry.creatorId)).toEqual([shown])
  })
})

describe('markCreatorsPublic', () => {
  it('makes a pending creator public and announces it; a creator being removed stays hidden', async () => {
    const db = await freshDb()
    const [pending, removing] = (await upsertCreators(db, [youtubeCreator('Pending One', {}, { pending: true }), youtubeCreator('Removing One')], { at: T0 })).map(creator => creator.creatorId) as [string, string]
    await collectionsOf(db).creators.updateOne({ creatorId: removing }, { $set: { 'metadata.hidden': 'removing' } })
    expect(await findCreatorProfile(db, pending)).toBeNull()

    const announced: unknown[] = []
    expect(await markCreatorsPublic(db, [pending, removing], { onChange: change => announced.push(change) })).toEqual([pending])
    expect(announced).toEqual([{ kind: 'creator', creatorId: pending }])
    expect((await findCreatorProfile(db, pending))?.creator.metadata).not.toHaveProperty('hidden')
    expect(await findCreatorProfile(db, removing)).toBeNull()
    expect(await markCreatorsPublic(db, [pending])).toEqual([])
  })

  it('keeps a stored creator\'s state through later upserts, and old documents without the field are public', async () => {
    const db = await freshDb()
    const [created] = await upsertCreators(db, [youtubeCreator('Pending Two', {}, { pending: true })], { at: T0 })
    await upsertCreators(db, [youtubeCreator('Pending Two renamed')], { at: new Date(T0.getTime() + 60_000) })
    expect((await collectionsOf(db).creators.findOne({ creatorId: created!.creatorId }))?.metadata.hidden).toBe('pending')
    const [visible] = await upsertCreators(db, [youtubeCreator('Shown Two', {}, { pending: false })], { at: T0 })
    await upsertCreators(db, [youtubeCreator('Shown Two', {}, { pending: true })], { at: T0 })
    expect(await findCreatorProfile(db, visible!.creatorId)).not.toBeNull()
  })
})
