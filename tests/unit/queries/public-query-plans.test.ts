import type { Document, Sort } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { COLLECTION_NAMES, HIDDEN_CREATORS, PUBLIC_CREATORS } from '../../../server/db/index.ts'
import { upsertCreators } from '../../../server/domain/index.ts'
import { usedIndexNames } from '../../embedded-mongo/driver/explain-plan.ts'
import { useEmbeddedDatabase } from '../embedded-database.ts'
import { T0, youtubeCreator } from '../domain/fixtures.ts'

const { freshDb } = useEmbeddedDatabase()

/** The public queries' shapes with the filter that keeps hidden creators out: each keeps the index it had without it. */
describe('the public creator filter', () => {
  it.each<[string, string, Document, Sort, string]>([
    ['the creator list by audience', COLLECTION_NAMES.creators, PUBLIC_CREATORS, { 'sortKeys.subscribers': -1, 'creatorId': 1 }, 'all_subscribers'],
    ['a category by growth', COLLECTION_NAMES.creators, { category: 'gaming', ...PUBLIC_CREATORS }, { 'sortKeys.recentGrowth': -1, 'creatorId': 1 }, 'category_recentGrowth'],
    ['search', COLLECTION_NAMES.creators, { $and: [{ searchTerms: 'star' }], ...PUBLIC_CREATORS }, { 'sortKeys.subscribers': -1, 'creatorId': 1 }, 'searchTerms'],
    ['creators by id', COLLECTION_NAMES.creators, { creatorId: { $in: ['cr_a', 'cr_b'] }, ...PUBLIC_CREATORS }, {}, 'creatorId_unique'],
    ['the hidden creators', COLLECTION_NAMES.creators, HIDDEN_CREATORS, {}, 'hidden'],
    ['the feed without hidden creators\' events', COLLECTION_NAMES.timelineEvents, { creatorId: { $nin: ['cr_hidden'] } }, { publishedAt: -1, eventId: -1 }, 'feed'],
  ])('%s reads its index', async (_query, collection, filter, sort, index) => {
    const db = await freshDb()
    await upsertCreators(db, [youtubeCreator('Star One'), youtubeCreator('Star Two', {}, { pending: true })], { at: T0 })
    const explain = await db.collection(collection).find(filter).sort(sort).limit(20).explain('executionStats')
    expect(usedIndexNames(explain)).toEqual([index])
  })
})
