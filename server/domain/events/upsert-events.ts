import { sameValue } from '../same-value.ts'
import type { AnyBulkWriteOperation, Db } from 'mongodb'
import {
  collectionsOf, timelineEventSchema,
  type DataSource, type EventMetrics, type EventPlatform, type TimelineEventDocument, type TimelineEventType,
} from '../../db/index.ts'
import { announceCreatorChanges, type PipelineOptions } from '../pipeline-changes.ts'
import { bulkWriteToleratingRaces, findByValues } from '../bulk-access.ts'
import { eventIdFor } from './event-id.ts'

/** An event as a source reports it; what it leaves out is unknown. */
export interface EventInput {
  creatorId: string
  platform: EventPlatform
  type: TimelineEventType
  platformEventId: string
  title: string
  description?: string
  publishedAt: Date
  metrics?: Partial<EventMetrics>
  media?: Partial<TimelineEventDocument['media']>
  relatedCreatorIds?: string[]
  sourceEventId?: string
  milestone?: TimelineEventDocument['milestone']
  announcement?: TimelineEventDocument['announcement']
  dataSource: DataSource
}

export interface UpsertEventsOptions extends PipelineOptions {
  /** When the source observed these events (metadata.lastUpdated); now by default. */
  at?: Date
}

const UNKNOWN_METRICS: EventMetrics = { views: null, likes: null, comments: null, shares: null, peakViewers: null, averageViewers: null, hoursWatched: null }

/** The stored form of an input, validated. */
export function eventDocumentFor(input: EventInput, at: Date): TimelineEventDocument {
  return timelineEventSchema.parse({
    eventId: eventIdFor(input.creatorId, input.platform, input.type, input.platformEventId),
    creatorId: input.creatorId,
    platform: input.platform,
    platformEventId: input.platformEventId,
    type: input.type,
    title: input.title,
    description: input.description ?? '',
    publishedAt: input.publishedAt,
    metrics: { ...UNKNOWN_METRICS, ...input.metrics },
    media: { thumbnailUrl: null, durationSeconds: null, url: null, ...input.media },
    relatedCreatorIds: input.relatedCreatorIds ?? [],
    ...(input.sourceEventId === undefined ? {} : { sourceEventId: input.sourceEventId }),
    ...(input.milestone === undefined ? {} : { milestone: input.milestone }),
    ...(input.announcement === undefined ? {} : { announcement: input.announcement }),
    metadata: { dataSource: input.dataSource, lastUpdated: at },
    createdAt: at,
  })
}

/** Equal apart from when they were last seen. */
function sameContent(stored: TimelineEventDocument, next: TimelineEventDocument): boolean {
  const { metadata: storedMetadata, createdAt: _storedCreatedAt, ...storedRest } = stored
  const { metadata: nextMetadata, createdAt: _nextCreatedAt, ...nextRest } = next
  return storedMetadata.dataSource === nextMetadata.dataSource && sameValue(storedRest, nextRest)
}

/**
 * Inserts new events and rewrites known ones whose content changed (title, description, metrics,
 * media…), in one bulk write; unchanged ones are not written. An event keeps its creation date.
 * Collaboration events copied from an upload or stream follow its metrics.
 */
export async function upsertEvents(db: Db, inputs: EventInput[], options: UpsertEventsOptions = {}): Promise<TimelineEventDocument[]> {
  if (inputs.length === 0) return []
  const at = options.at ?? new Date()
  const { timelineEvents } = collectionsOf(db)
  const documents = [...new Map(inputs.map(input => eventDocumentFor(input, at)).map(document => [document.eventId, document])).values()]
  const stored = new Map((await findByValues(timelineEvents, 'eventId', documents.map(document => document.eventId), { projection: { _id: 0 } }))
    .map(document => [document.eventId, document as TimelineEventDocument]))
  const operations: AnyBulkWriteOperation<TimelineEventDocument>[] = []
  const changedMetrics: TimelineEventDocument[] = []
  const written: TimelineEventDocument[] = []
  for (const document of documents) {
    const existing = stored.get(document.eventId)
    if (!existing) {
      operations.push({ insertOne: { document: { ...document } } })
      written.push(document)
      continue
    }
    const next = { ...document, createdAt: existing.createdAt }
    if (sameContent(existing, next)) continue
    operations.push({ replaceOne: { filter: { eventId: next.eventId }, replacement: next } })
    written.push(next)
    if ((next.type === 'video_upload' || next.type === 'stream') && !sameValue(existing.metrics, next.metrics)) changedMetrics.push(next)
  }
  if (changedMetrics.length > 0) {
    const copied = new Set((await findByValues(timelineEvents, 'sourceEventId', changedMetrics.map(event => event.eventId), { projection: { sourceEventId: 1 } }))
      .map(copy => copy.sourceEventId))
    for (const source of changedMetrics) {
      if (copied.has(source.eventId)) operations.push({ updateMany: { filter: { sourceEventId: source.eventId }, update: { $set: { metrics: source.metrics } } } })
    }
  }
  await bulkWriteToleratingRaces(timelineEvents, operations)
  announceCreatorChanges(written.map(document => document.creatorId), options)
  return written
}
