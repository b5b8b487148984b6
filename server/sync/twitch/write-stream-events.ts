import type { Db } from 'mongodb'
import { collectionsOf, type LiveSession, type TimelineEventDocument } from '../../db/index.ts'
import { findByValues } from '../../domain/bulk-access.ts'
import { eventIdFor, upsertEvents, type EventInput, type PipelineOptions } from '../../domain/index.ts'
import { changeLiveSession, sessionsAwaitingEvent } from './live-session-store.ts'
import { sessionEventWritten } from './live-session-transitions.ts'
import { mergedStreamEvent, streamEventOfSession } from './stream-event-input.ts'

/** The stored events these inputs would land on, by eventId. */
async function storedEventsOf(db: Db, inputs: readonly EventInput[]): Promise<Map<string, TimelineEventDocument>> {
  const ids = inputs.map(input => eventIdFor(input.creatorId, input.platform, input.type, input.platformEventId))
  const stored = await findByValues(collectionsOf(db).timelineEvents, 'eventId', ids, { projection: { _id: 0 } })
  return new Map(stored.map(event => [event.eventId, event as TimelineEventDocument]))
}

/**
 * Upserts stream events merged with what is stored (see mergedStreamEvent); `storedMediaWins`
 * per input. Returns the events written (unchanged ones are not).
 */
export async function upsertMergedStreamEvents(db: Db, inputs: ReadonlyArray<{ event: EventInput, storedMediaWins: boolean }>, options: PipelineOptions & { at: Date }): Promise<TimelineEventDocument[]> {
  if (inputs.length === 0) return []
  const stored = await storedEventsOf(db, inputs.map(input => input.event))
  const merged = inputs.map(({ event, storedMediaWins }) =>
    mergedStreamEvent(event, stored.get(eventIdFor(event.creatorId, event.platform, event.type, event.platformEventId)), storedMediaWins))
  return upsertEvents(db, merged, options)
}

/**
 * Writes the stream event of every ended session still waiting for it, then clears their
 * `eventPending`. A run that dies in between leaves them pending; the next run writes the same
 * events again, which changes nothing. Returns how many events were written.
 */
export async function writePendingStreamEvents(db: Db, options: PipelineOptions & { at: Date }, sessions?: readonly LiveSession[]): Promise<number> {
  const pending = (sessions ?? await sessionsAwaitingEvent(db)).filter(session => session.eventPending)
  const written = await upsertMergedStreamEvents(db, pending.map(session => ({ event: streamEventOfSession(session), storedMediaWins: session.archiveVideoId !== null })), options)
  for (const session of pending) await changeLiveSession(db, session.streamId, stored => sessionEventWritten(stored, session.revision, options.at))
  return written.length
}
