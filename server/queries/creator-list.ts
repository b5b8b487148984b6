import type { Db, Filter, Sort } from 'mongodb'
import { collectionsOf, PUBLIC_CREATORS, type CreatorDocument } from '../db/index.ts'
import type { CreatorListQuery, CreatorSort } from '#shared/schemas/index.ts'

/**
 * Descending sorts read `sortKeys`, where unknown counts are a very low number, so they come last;
 * each order ends in creatorId so pages are stable, and matches an index of ensure-indexes.ts.
 */
const ORDERS: Record<CreatorSort, Sort> = {
  audience: { 'sortKeys.subscribers': -1, 'creatorId': 1 },
  growth: { 'sortKeys.recentGrowth': -1, 'creatorId': 1 },
  views: { 'sortKeys.totalViews': -1, 'creatorId': 1 },
  newest: { 'sortKeys.joinDate': -1, 'creatorId': 1 },
  name: { searchName: 1, creatorId: 1 },
}

/** One page of public creators in the requested order, and how many match in all. */
export async function listCreators(db: Db, query: CreatorListQuery): Promise<{ creators: CreatorDocument[], total: number }> {
  const filter: Filter<CreatorDocument> = { ...PUBLIC_CREATORS }
  if (query.category) filter.category = query.category
  if (query.platform) filter[`platforms.${query.platform}`] = { $exists: true }
  const { creators } = collectionsOf(db)
  const [page, total] = await Promise.all([
    creators.find(filter, { projection: { searchTerms: 0 } }).sort(ORDERS[query.sort]).skip(query.offset).limit(query.limit).toArray(),
    creators.countDocuments(filter),
  ])
  return { creators: page, total }
}
