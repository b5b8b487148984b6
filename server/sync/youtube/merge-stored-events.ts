import type { Db } from 'mongodb'
import { collectionsOf, type TimelineEventDocument } from '../../db/index.ts'
import { findByValues } from '../../domain/bulk-access.ts'
import { eventIdFor, type EventInput } from '../../domain/index.ts'

/** The known values of `next`, over `stored`: null or absent in `next` means "not said", not "now zero". */
function knownOver<T extends Record<string, unknown>>(stored: T, next: Partial<T> | undefined): T {
  const merged = { ...stored }
  for (const [key, value] of Object.entries(next ?? {})) {
    if (value !== null && value !== undefined) (merged as Record<string, unknown>)[key] = value
  }
  return merged
}

/**
 * upsertEvents replaces an event's metrics and media as a whole; YouTube sometimes says less than
 * before (likes hidden later, a stream's peak viewers that only the live check saw). Each input is
 * completed with the stored event's values it does not know, so a refresh never wipes a number.
 */
export async function mergeWithStoredEvents(db: Db, inputs: EventInput[]): Promise<EventInput[]> {
  if (inputs.length === 0) return []
  const idOf = (input: EventInput) => eventIdFor(input.creatorId, input.platform, input.type, input.platformEventId)
  const stored = new Map((await findByValues(collectionsOf(db).timelineEvents, 'eventId', inputs.map(idOf), { projection: { _id: 0 } }))
    .map(event => [event.eventId, event as TimelineEventDocument]))
  return inputs.map((input) => {
    const existing = stored.get(idOf(input))
    if (!existing) return input
    return {
      ...input,
      metrics: knownOver(existing.metrics, input.metrics),
      media: knownOver(existing.media, input.media),
      relatedCreatorIds: input.relatedCreatorIds ?? existing.relatedCreatorIds,
    }
  })
}
