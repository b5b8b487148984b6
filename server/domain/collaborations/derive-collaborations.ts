import type { Db, WithId } from 'mongodb'
import { collectionsOf, type TimelineEventDocument } from '../../db/index.ts'
import { upsertEvents, type EventInput } from '../events/upsert-events.ts'
import type { PipelineOptions } from '../pipeline-changes.ts'
import { mentionedHandles } from './mentioned-handles.ts'

/** Every tracked handle (YouTube handle, Twitch login), lowercased, to the creator holding it. */
async function creatorsByHandle(db: Db): Promise<Map<string, string>> {
  const creators = await collectionsOf(db).creators
    .find({}, { projection: { 'creatorId': 1, 'platforms.youtube.handle': 1, 'platforms.twitch.login': 1 } })
    .toArray()
  const byHandle = new Map<string, string>()
  for (const creator of creators) {
    for (const handle of [creator.platforms.youtube?.handle, creator.platforms.twitch?.login]) {
      if (handle) byHandle.set(handle.toLowerCase(), creator.creatorId)
    }
  }
  return byHandle
}

function collaborationsFrom(source: WithId<TimelineEventDocument>, byHandle: Map<string, string>): EventInput[] {
  const mentioned = mentionedHandles(`${source.title}\n${source.description}`)
    .map(handle => byHandle.get(handle))
    .filter(creatorId => creatorId !== undefined && creatorId !== source.creatorId)
  if (mentioned.length === 0) return []
  const participants = [...new Set([source.creatorId, ...mentioned as string[]])]
  return participants.map(creatorId => ({
    creatorId,
    platform: source.platform,
    type: 'collaboration',
    platformEventId: source.platformEventId,
    title: source.title,
    description: source.description,
    publishedAt: source.publishedAt,
    metrics: source.metrics,
    media: source.media,
    relatedCreatorIds: participants.filter(other => other !== creatorId),
    sourceEventId: source.eventId,
    dataSource: source.metadata.dataSource,
  }))
}

/**
 * Collaborations among the uploads and streams published in [from, to): one whose title or
 * description mentions another tracked creator's handle becomes a `collaboration` event on the
 * timeline of every creator involved, each naming the others in `relatedCreatorIds`.
 */
export async function deriveCollaborations(db: Db, { from, to, at }: { from: Date, to: Date, at?: Date }, options: PipelineOptions = {}): Promise<number> {
  const [byHandle, sources] = await Promise.all([
    creatorsByHandle(db),
    collectionsOf(db).timelineEvents.find({ type: { $in: ['video_upload', 'stream'] }, publishedAt: { $gte: from, $lt: to } }).toArray(),
  ])
  const events = sources.flatMap(source => collaborationsFrom(source, byHandle))
  await upsertEvents(db, events, { ...options, at: at ?? new Date() })
  return events.length
}
