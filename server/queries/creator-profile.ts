import type { Db } from 'mongodb'
import { collectionsOf, PUBLIC_CREATORS, type CreatorDocument, type TimelineEventDocument } from '../db/index.ts'
import { creatorRefFilter } from './creator-ref.ts'

export const PROFILE_TIMELINE_LENGTH = 20

/** A public creator by creatorId, slug or former slug, with its latest events; null when there is none. */
export async function findCreatorProfile(db: Db, ref: string): Promise<{ creator: CreatorDocument, timeline: TimelineEventDocument[] } | null> {
  const { creators, timelineEvents } = collectionsOf(db)
  const creator = await creators.findOne({ ...creatorRefFilter(ref), ...PUBLIC_CREATORS }, { projection: { searchTerms: 0 } })
  if (!creator) return null
  const timeline = await timelineEvents.find({ creatorId: creator.creatorId })
    .sort({ publishedAt: -1, eventId: -1 })
    .limit(PROFILE_TIMELINE_LENGTH)
    .toArray()
  return { creator, timeline }
}
