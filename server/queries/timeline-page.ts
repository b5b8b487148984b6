import type { Db, Filter } from 'mongodb'
import { collectionsOf, HIDDEN_CREATORS, type TimelineEventDocument } from '../db/index.ts'
import { encodeTimelineCursor, type TimelineQuery } from '#shared/schemas/index.ts'

/**
 * One page of events, newest first (publishedAt, then eventId, both descending: the order of the
 * creator_timeline, creator_timeline_by_type, feed and feed_by_type indexes). `before` is written as
 * an index range (publishedAt <= t) minus the few events at exactly t that are not older, so the
 * index bounds the scan on MongoDB and on the embedded engine alike. One extra event is read to know
 * whether another page follows. Without a creator (the feed of every creator), the events of hidden
 * creators (pending, being removed) are left out; a creator's own timeline is only asked for a
 * public creator.
 */
export async function findTimelinePage(db: Db, query: TimelineQuery, creatorId?: string): Promise<{ events: TimelineEventDocument[], nextCursor: string | null }> {
  const filter: Filter<TimelineEventDocument> = {}
  const hidden = creatorId ? [] : await hiddenCreatorIds(db)
  if (creatorId) filter.creatorId = creatorId
  else if (hidden.length > 0) filter.creatorId = { $nin: hidden }
  if (query.type) filter.type = query.type
  if (query.platform) filter.platform = query.platform
  if (query.before) {
    filter.publishedAt = { $lte: query.before.publishedAt }
    filter.$nor = [{ publishedAt: query.before.publishedAt, eventId: { $gte: query.before.eventId } }]
  }
  const found = await collectionsOf(db).timelineEvents.find(filter)
    .sort({ publishedAt: -1, eventId: -1 })
    .skip(query.offset)
    .limit(query.limit + 1)
    .toArray()
  const events = found.slice(0, query.limit)
  const last = events.at(-1)
  const nextCursor = found.length > query.limit && last ? encodeTimelineCursor({ publishedAt: last.publishedAt, eventId: last.eventId }) : null
  return { events, nextCursor }
}

async function hiddenCreatorIds(db: Db): Promise<string[]> {
  const hidden = await collectionsOf(db).creators.find(HIDDEN_CREATORS, { projection: { _id: 0, creatorId: 1 } }).toArray()
  return hidden.map(creator => creator.creatorId)
}
