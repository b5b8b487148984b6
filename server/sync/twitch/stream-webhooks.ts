import type { Db } from 'mongodb'
import type { LiveSession } from '../../db/index.ts'
import type { PipelineOptions } from '../../domain/index.ts'
import type { LiveStreamEnded, LiveStreamStarted } from '../../platforms/twitch/eventsub.ts'
import { applyLiveFlags } from './live-creator-flags.ts'
import { changeLiveSession, liveSessionsOf } from './live-session-store.ts'
import { sessionEnded, sessionOnline } from './live-session-transitions.ts'
import { twitchCreatorsOf } from './tracked-twitch-creators.ts'
import { writePendingStreamEvents } from './write-stream-events.ts'

export interface StreamNoticeOptions extends PipelineOptions {
  /** When Twitch sent the notice (Twitch-Eventsub-Message-Timestamp): the stream's end for an offline one. */
  at: Date
}

export interface StreamOnlineResult {
  /** Null when no tracked creator has this channel: the notice is acknowledged and ignored. */
  creatorId: string | null
  opened: boolean
  /** Earlier streams of the channel still open, now closed. */
  ended: number
  eventsUpserted: number
}

export interface StreamOfflineResult {
  creatorId: string | null
  ended: number
  eventsUpserted: number
}

async function endSessions(db: Db, sessions: readonly LiveSession[], endOf: (session: LiveSession) => Date, endedBy: 'webhook' | 'replaced', at: Date): Promise<LiveSession[]> {
  const ended: LiveSession[] = []
  for (const session of sessions) {
    const next = await changeLiveSession(db, session.streamId, stored => sessionEnded(stored, stored ? endOf(stored) : at, endedBy, at))
    if (next) ended.push(next)
  }
  return ended
}

/**
 * EventSub stream.online: opens the stream's live session (its viewers come from the next poll)
 * and shows the creator live, seconds after Twitch knows. Polling does the same when no webhook
 * arrives; a notice for a stream the poll already opened changes nothing.
 */
export async function markStreamOnline(db: Db, started: LiveStreamStarted, options: StreamNoticeOptions): Promise<StreamOnlineResult> {
  const { at } = options
  const [creator] = await twitchCreatorsOf(db, [started.userId])
  if (!creator) return { creatorId: null, opened: false, ended: 0, eventsUpserted: 0 }
  const start = { streamId: started.streamId, creatorId: creator.creatorId, userId: started.userId, login: started.login, startedAt: started.startedAt }
  const opened = await changeLiveSession(db, started.streamId, stored => sessionOnline(stored, start, at))
  // A channel runs one stream at a time: one still open from before ended when it was last seen.
  const earlier = (await liveSessionsOf(db, [started.userId])).filter(session => session.streamId !== started.streamId)
  const ended = await endSessions(db, earlier, session => session.lastSeenAt, 'replaced', at)
  const pipeline = { at, onChange: options.onChange }
  const eventsUpserted = await writePendingStreamEvents(db, pipeline, ended)
  await applyLiveFlags(db, [creator], pipeline)
  return { creatorId: creator.creatorId, opened: opened !== null, ended: ended.length, eventsUpserted }
}

/**
 * EventSub stream.offline: ends the channel's open sessions at `at`, writes their stream events
 * and shows the creator offline, as a poll would a few minutes later (a poll that still sees the
 * stream just after this notice is believed less: Helix lags).
 */
export async function markStreamOffline(db: Db, ended: LiveStreamEnded, options: StreamNoticeOptions): Promise<StreamOfflineResult> {
  const { at } = options
  const open = await liveSessionsOf(db, [ended.userId])
  const closed = await endSessions(db, open, () => at, 'webhook', at)
  const pipeline = { at, onChange: options.onChange }
  const eventsUpserted = await writePendingStreamEvents(db, pipeline, closed)
  // Paused creators too: no poll will switch them off any more.
  const [creator] = await twitchCreatorsOf(db, [ended.userId], { includePaused: true })
  if (creator) await applyLiveFlags(db, [creator], pipeline)
  return { creatorId: creator?.creatorId ?? open[0]?.creatorId ?? null, ended: closed.length, eventsUpserted }
}
