import type { Db } from 'mongodb'
import { collectionsOf, PUBLIC_CREATORS, type CreatorDocument } from '../db/index.ts'

/** The public creators with these ids, by id (one query; unknown and hidden ids are simply absent). */
export async function findCreatorsById(db: Db, creatorIds: Iterable<string>): Promise<Map<string, CreatorDocument>> {
  const ids = [...new Set(creatorIds)]
  if (ids.length === 0) return new Map()
  const creators = await collectionsOf(db).creators.find({ creatorId: { $in: ids }, ...PUBLIC_CREATORS }, { projection: { searchTerms: 0 } }).toArray()
  return new Map(creators.map(creator => [creator.creatorId, creator]))
}
