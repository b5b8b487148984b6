import type { Db, Filter } from 'mongodb'
import { collectionsOf, type CreatorDocument } from '../db/index.ts'

/** A creator named in a URL: by creatorId, slug or a former slug. */
export function creatorRefFilter(ref: string): Filter<CreatorDocument> {
  return { $or: [{ creatorId: ref }, { slug: ref }, { slugAliases: ref }] }
}

/** The creatorId a URL's reference names; null when there is none. */
export async function resolveCreatorId(db: Db, ref: string): Promise<string | null> {
  const found = await collectionsOf(db).creators.findOne(creatorRefFilter(ref), { projection: { _id: 0, creatorId: 1 } })
  return found?.creatorId ?? null
}
