import type { H3Event } from 'h3'
import { hash } from 'ohash'
import { resolveCreatorId } from '../queries/creator-ref.ts'

/**
 * Which creator a URL's id, slug or former slug names, cached for an hour so a creator's cache
 * entries can be keyed (and purged) by creatorId while the database is not asked on a hit.
 * Unknown references are not cached: a new creator is found at once.
 */
const cachedCreatorId = defineCachedFunction(
  async (event: H3Event, ref: string): Promise<string | undefined> => (await readDatabase(event, db => resolveCreatorId(db, ref))) ?? undefined,
  { base: 'cache', group: 'api', name: 'refs', maxAge: 3600, swr: true, getKey: (_event: H3Event, ref: string) => hash(ref).replace(/\W/g, '') },
)

/** The creatorId a reference names, or a 404 naming the route parameter. */
export async function creatorIdOf(event: H3Event, ref: string, field = 'id'): Promise<string> {
  const creatorId = await cachedCreatorId(event, ref)
  if (!creatorId) throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `${field}: no creator "${ref}"` })
  return creatorId
}

/**
 * The creatorId a reference names among every stored creator, hidden ones included (pending its
 * first sync, half-removed): for the admin routes, which must reach those too. Not cached.
 */
export async function storedCreatorIdOf(event: H3Event, ref: string, field = 'id'): Promise<string> {
  const { db } = await useDatabase(event)
  const creatorId = await resolveCreatorId(db, ref, { includeHidden: true })
  if (!creatorId) throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `${field}: no creator "${ref}"` })
  return creatorId
}
