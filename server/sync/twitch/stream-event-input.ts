import type { LiveSession, TimelineEventDocument } from '../../db/index.ts'
import type { EventInput } from '../../domain/index.ts'
import { liveStreamEventOf, viewerMetricsOf, type HelixStream } from '../../platforms/twitch/index.ts'

/** The title of a stream that ended before any poll saw it (EventSub carries no title). */
const UNTITLED_STREAM = 'Live on Twitch'

/** The session as the Helix stream its live event is made from. */
function helixStreamOf(session: LiveSession): HelixStream {
  return {
    id: session.streamId,
    user_id: session.userId,
    user_login: session.login,
    user_name: session.login,
    game_name: session.game,
    title: session.title || UNTITLED_STREAM,
    viewer_count: session.samples.at(-1)?.viewers ?? 0,
    started_at: session.startedAt.toISOString(),
    thumbnail_url: session.thumbnailUrl,
  }
}

/** A finished (or reopened) broadcast as its stream event: duration, peak and average viewers. */
export function streamEventOfSession(session: LiveSession): EventInput {
  const event = liveStreamEventOf(session.creatorId, helixStreamOf(session), session.viewers)
  const metrics = session.viewers ? viewerMetricsOf(session.viewers, session.durationSeconds) : event.metrics
  return { ...event, metrics, media: { ...event.media, durationSeconds: session.durationSeconds } }
}

function knownOf<T extends object>(values: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(values ?? {}).filter(([, value]) => value !== null && value !== undefined)) as Partial<T>
}

/**
 * upsertEvents replaces an event's metrics and media as a whole, while the live samples and the
 * archive video each know only part of them: an incoming value wins where it is known, the stored
 * one stays where it is not. With `storedMediaWins` (the archive is already merged) the archive's
 * title, description, duration, link and picture stay, and only figures the archive lacks come in.
 * The event keeps its first publishedAt, so timeline pages stay stable.
 */
export function mergedStreamEvent(incoming: EventInput, stored: TimelineEventDocument | undefined, storedMediaWins = false): EventInput {
  if (!stored) return incoming
  const media = storedMediaWins ? { ...knownOf(incoming.media), ...knownOf(stored.media) } : { ...knownOf(stored.media), ...knownOf(incoming.media) }
  return {
    ...incoming,
    title: storedMediaWins ? stored.title : incoming.title || stored.title,
    description: storedMediaWins ? stored.description : incoming.description || stored.description,
    publishedAt: stored.publishedAt,
    metrics: { ...knownOf(stored.metrics), ...knownOf(incoming.metrics) },
    media,
    relatedCreatorIds: stored.relatedCreatorIds,
  }
}
