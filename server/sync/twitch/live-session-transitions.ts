import { LIVE_SESSION_MAX_SAMPLES, type LiveSession, type LiveSessionEnd } from '../../db/index.ts'
import { sameValue } from '../../domain/same-value.ts'
import { summarizeLiveStream, type HelixStream } from '../../platforms/twitch/index.ts'

// Pure steps of a live session's life: each returns the next session, or null when nothing changes.

/** Ended sessions are kept this long: the archive video and a late offline notice come within it. */
export const ENDED_SESSION_RETENTION_MS = 30 * 86_400_000
/**
 * Helix /streams lags behind EventSub by a minute or two: a poll that still sees a stream this soon
 * after its offline notice is believed less than the notice.
 */
export const WEBHOOK_END_GRACE_MS = 10 * 60_000

export interface SessionStart {
  streamId: string
  creatorId: string
  userId: string
  login: string
  startedAt: Date
}

function newSession(start: SessionStart, at: Date): LiveSession {
  return {
    ...start, title: '', game: '', thumbnailUrl: '', status: 'live', lastSeenAt: at, samples: [],
    endedAt: null, endedBy: null, durationSeconds: null, viewers: null, eventPending: false,
    archiveVideoId: null, archiveCheckedAt: null, revision: 0, createdAt: at, updatedAt: at, expiresAt: null,
  }
}

function reopened(session: LiveSession): LiveSession {
  return { ...session, status: 'live', endedAt: null, endedBy: null, durationSeconds: null, viewers: null, eventPending: false, expiresAt: null }
}

function changedOrNull(stored: LiveSession | null, next: LiveSession, at: Date): LiveSession | null {
  return stored && sameValue(stored, next) ? null : { ...next, updatedAt: at }
}

/** A poll saw the stream live with its viewer count: one sample per instant, so a repeated poll adds nothing. */
export function sessionSighted(stored: LiveSession | null, creatorId: string, stream: HelixStream, at: Date): LiveSession | null {
  const base = stored ?? newSession({ streamId: stream.id, creatorId, userId: stream.user_id, login: stream.user_login, startedAt: new Date(stream.started_at) }, at)
  if (base.status === 'ended' && base.endedBy === 'webhook' && at.getTime() - base.endedAt!.getTime() < WEBHOOK_END_GRACE_MS) return null
  const last = base.samples.at(-1)
  const samples = !last || last.at < at ? [...base.samples, { at, viewers: stream.viewer_count }].slice(-LIVE_SESSION_MAX_SAMPLES) : base.samples
  const next: LiveSession = {
    ...(base.status === 'ended' ? reopened(base) : base),
    login: stream.user_login,
    title: stream.title,
    game: stream.game_name,
    thumbnailUrl: stream.thumbnail_url,
    lastSeenAt: base.lastSeenAt > at ? base.lastSeenAt : at,
    samples,
  }
  return changedOrNull(stored, next, at)
}

/** Twitch said the stream went live (EventSub stream.online): opens it, or reopens it after an end. */
export function sessionOnline(stored: LiveSession | null, start: SessionStart, at: Date): LiveSession | null {
  if (!stored) return newSession(start, at)
  if (stored.status === 'live') return null
  return changedOrNull(stored, { ...reopened(stored), lastSeenAt: stored.lastSeenAt > at ? stored.lastSeenAt : at }, at)
}

/**
 * The stream is over, at `endedAt` (never before it was last seen live). Its figures come from the
 * samples; its event is still to be written (`eventPending`), which the caller does next.
 */
export function sessionEnded(stored: LiveSession | null, endedAt: Date, endedBy: LiveSessionEnd, at: Date): LiveSession | null {
  if (!stored || stored.status === 'ended') return null
  const end = new Date(Math.max(endedAt.getTime(), stored.lastSeenAt.getTime(), stored.startedAt.getTime()))
  const summary = summarizeLiveStream(stored.samples, end)
  return {
    ...stored,
    status: 'ended',
    endedAt: end,
    endedBy,
    durationSeconds: Math.round((end.getTime() - stored.startedAt.getTime()) / 1000),
    viewers: summary,
    eventPending: true,
    updatedAt: at,
    expiresAt: new Date(end.getTime() + ENDED_SESSION_RETENTION_MS),
  }
}

/** The event of revision `revision` was written; a session changed since then keeps its event pending. */
export function sessionEventWritten(stored: LiveSession | null, revision: number, at: Date): LiveSession | null {
  if (!stored || !stored.eventPending || stored.revision !== revision) return null
  return { ...stored, eventPending: false, updatedAt: at }
}

/** The channel's archive videos were looked through; `videoId` is this stream's, when it was among them. */
export function sessionArchiveChecked(stored: LiveSession | null, videoId: string | null, at: Date): LiveSession | null {
  if (!stored) return null
  return changedOrNull(stored, { ...stored, archiveVideoId: videoId ?? stored.archiveVideoId, archiveCheckedAt: at }, at)
}
