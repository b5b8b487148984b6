import type { Db } from 'mongodb'
import { collectionsOf, type CreatorDocument } from '../db/index.ts'

/** The creators with these ids, by id (one query; unknown ids are simply absent). */
export async function findCreatorsById(db: Db, creatorIds: Iterable<string>): Promise<Map<string, CreatorDocument>> {
  const ids = [...new Set(creatorIds)]
  if (ids.length === 0) return new Map()
  const creators = await collectionsOf(db).creators.find({ creatorId: { $in: ids } }, { projection: { searchTerms: 0 } }).toArray()
  return new Map(creators.map(creator => [creator.creatorId, creator]))
}
