import type { Db } from 'mongodb'
import { collectionsOf, PUBLIC_CREATORS } from '../db/index.ts'

/** A sitemap holds at most 50,000 URLs; beyond that a sitemap index is needed (not yet). */
export const SITEMAP_MAX_CREATORS = 49_000

/** Every public creator's slug and last update, largest audience first (walks the all_subscribers index). */
export function findSitemapCreators(db: Db): Promise<Array<{ slug: string, metadata: { lastUpdated: Date } }>> {
  return collectionsOf(db).creators
    .find(PUBLIC_CREATORS, { projection: { '_id': 0, 'slug': 1, 'metadata.lastUpdated': 1 } })
    .sort({ 'sortKeys.subscribers': -1, 'creatorId': 1 })
    .limit(SITEMAP_MAX_CREATORS)
    .toArray()
}
