import type { Db, Filter } from 'mongodb'
import { collectionsOf, PUBLIC_CREATORS, type CreatorDocument } from '../db/index.ts'

/** A creator named in a URL: by creatorId, slug or a former slug. */
export function creatorRefFilter(ref: string): Filter<CreatorDocument> {
  return { $or: [{ creatorId: ref }, { slug: ref }, { slugAliases: ref }] }
}

/**
 * The creatorId a URL's reference names; null when there is none. Public answers see public
 * creators only; the admin routes also the hidden ones (pending, being removed).
 */
export async function resolveCreatorId(db: Db, ref: string, { includeHidden = false } = {}): Promise<string | null> {
  const filter = includeHidden ? creatorRefFilter(ref) : { ...creatorRefFilter(ref), ...PUBLIC_CREATORS }
  const found = await collectionsOf(db).creators.findOne(filter, { projection: { _id: 0, creatorId: 1 } })
  return found?.creatorId ?? null
}
