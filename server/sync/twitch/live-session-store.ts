import { MongoServerError, type Db } from 'mongodb'
import { collectionsOf, liveSessionSchema, type LiveSession } from '../../db/index.ts'

const DUPLICATE_KEY = 11000
/** The live task and the webhook rarely touch one session at once; a few rereads settle any race. */
const MAX_ATTEMPTS = 5

/**
 * Applies `change` to the stored session (null when there is none yet) as a compare-and-swap on its
 * revision: when another writer got there first, the change is applied again to what it wrote.
 * Returns the written session, or null when `change` changed nothing.
 */
export async function changeLiveSession(db: Db, streamId: string, change: (stored: LiveSession | null) => LiveSession | null): Promise<LiveSession | null> {
  const { liveSessions } = collectionsOf(db)
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const stored = await liveSessions.findOne({ streamId }, { projection: { _id: 0 } })
    const changed = change(stored)
    if (!changed) return null
    const next = liveSessionSchema.parse({ ...changed, streamId, revision: (stored?.revision ?? 0) + 1 })
    if (!stored) {
      try {
        await liveSessions.insertOne({ ...next })
        return next
      }
      catch (error) {
        if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) continue
        throw error
      }
    }
    const { matchedCount } = await liveSessions.replaceOne({ streamId, revision: stored.revision }, next)
    if (matchedCount === 1) return next
  }
  throw new Error(`Live session ${streamId} kept changing under ${MAX_ATTEMPTS} attempts to write it`)
}

/** The embedded engine walks an index for at most 200 `$in` values: longer lists go in slices. */
const IN_SLICE = 200

/** Sessions still live, of these users or of all. */
export async function liveSessionsOf(db: Db, userIds?: readonly string[]): Promise<LiveSession[]> {
  const { liveSessions } = collectionsOf(db)
  if (!userIds) return liveSessions.find({ status: 'live' }, { projection: { _id: 0 } }).toArray()
  const distinct = [...new Set(userIds)]
  const slices: string[][] = []
  for (let start = 0; start < distinct.length; start += IN_SLICE) slices.push(distinct.slice(start, start + IN_SLICE))
  const found = await Promise.all(slices.map(slice => liveSessions.find({ userId: { $in: slice }, status: 'live' }, { projection: { _id: 0 } }).toArray()))
  return found.flat()
}

/** Sessions that ended and whose stream event is not written yet. */
export async function sessionsAwaitingEvent(db: Db): Promise<LiveSession[]> {
  return collectionsOf(db).liveSessions.find({ eventPending: true }, { projection: { _id: 0 } }).toArray()
}

/** Ended sessions since `since` whose archive video is not found yet. */
export async function sessionsAwaitingArchive(db: Db, since: Date): Promise<LiveSession[]> {
  return collectionsOf(db).liveSessions
    .find({ status: 'ended', endedAt: { $gte: since }, archiveVideoId: null, eventPending: false }, { projection: { _id: 0 } })
    .toArray()
}
