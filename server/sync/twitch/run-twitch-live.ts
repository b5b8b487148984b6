import type { Db } from 'mongodb'
import type { LiveSession, LiveSessionEnd } from '../../db/index.ts'
import { batchesOf, HELIX_MAX_PER_CALL } from '../../platforms/twitch/helix-page.ts'
import type { HelixStream } from '../../platforms/twitch/index.ts'
import { applyLiveFlags } from './live-creator-flags.ts'
import { changeLiveSession, liveSessionsOf } from './live-session-store.ts'
import { sessionEnded, sessionSighted, WEBHOOK_END_GRACE_MS } from './live-session-transitions.ts'
import { mergeArchiveVideos } from './merge-archive-videos.ts'
import { createRunFailures, type RunFailures } from './run-failures.ts'
import { pausedCreatorsShownLive, trackedTwitchCreators, type TwitchCreator } from './tracked-twitch-creators.ts'
import { pointsSince, type TwitchRunOptions } from './twitch-run-options.ts'
import { writePendingStreamEvents } from './write-stream-events.ts'

export interface TwitchLiveOptions extends TwitchRunOptions {
  /** How often an ended stream's archive video is looked for (a slower cadence than the live polls). */
  archiveCheckEveryMs?: number
  /** A live session no run could check for this long (its channel paused, its batch failing) is closed. */
  staleAfterMs?: number
}

// A type, not an interface: task results are Record<string, number>.
export type TwitchLiveCounts = {
  /** Tracked channels live after the run. */
  live: number
  /** Streams first seen in this run. */
  started: number
  /** Streams that ended in this run. */
  ended: number
  eventsUpserted: number
  pointsSpent: number
  errors: number
}

export const STALE_SESSION_MS = 30 * 60_000

interface LivePoll {
  /** Channels whose answer came: the others' state is unknown this run. */
  checked: Set<string>
  streams: HelixStream[]
}

/** Who is live among the channels, batch by batch, so one failed batch leaves only its channels unknown. */
async function pollLiveStreams(creators: Map<string, TwitchCreator>, options: TwitchLiveOptions, failures: RunFailures): Promise<LivePoll> {
  const poll: LivePoll = { checked: new Set(), streams: [] }
  for (const batch of batchesOf([...creators.keys()], HELIX_MAX_PER_CALL)) {
    if (failures.stopped) break
    const streams = await failures.attempt(() => options.connector.liveStreams(batch))
    if (!streams) continue
    poll.streams.push(...streams.filter(stream => creators.has(stream.user_id)))
    for (const userId of batch) poll.checked.add(userId)
  }
  return poll
}

/** How an open session that this poll did not see has ended, or null while it may still be live. */
function endOf(session: LiveSession, poll: LivePoll, at: Date, staleAfterMs: number): LiveSessionEnd | null {
  const silentMs = at.getTime() - session.lastSeenAt.getTime()
  if (!poll.checked.has(session.userId)) return silentMs >= staleAfterMs ? 'stale' : null
  // Opened by EventSub a moment ago: Helix may not list the stream yet.
  if (session.samples.length === 0 && silentMs < WEBHOOK_END_GRACE_MS) return null
  return poll.streams.some(stream => stream.user_id === session.userId) ? 'replaced' : 'poll'
}

/**
 * The `twitch:live` run: polls who is live among the tracked channels (100 a call) and follows each
 * broadcast in a live session (a viewer sample per run); a broadcast no longer live becomes a
 * `stream` event with its duration, peak and average viewers; ended streams get their archive
 * video merged later; creators show live while a session is open. A polled end is the last time
 * the stream was seen, so hours watched never count time nobody saw.
 */
export async function runTwitchLive(db: Db, options: TwitchLiveOptions): Promise<TwitchLiveCounts> {
  const at = options.now()
  const spent = pointsSince(options.points)
  const failures = createRunFailures(options.reportError, options.signal)
  const pipeline = { at, onChange: options.onChange }
  const creators = new Map((await trackedTwitchCreators(db)).map(creator => [creator.platforms.twitch.userId, creator]))

  const poll = await pollLiveStreams(creators, options, failures)
  let started = 0
  for (const stream of poll.streams) {
    let opens = false
    await changeLiveSession(db, stream.id, (stored) => {
      opens = stored === null
      return sessionSighted(stored, creators.get(stream.user_id)!.creatorId, stream, at)
    })
    if (opens) started++
  }

  let ended = 0
  const seen = new Set(poll.streams.map(stream => stream.id))
  for (const session of await liveSessionsOf(db)) {
    const endedBy = seen.has(session.streamId) ? null : endOf(session, poll, at, options.staleAfterMs ?? STALE_SESSION_MS)
    if (endedBy && await changeLiveSession(db, session.streamId, stored => sessionEnded(stored, stored?.lastSeenAt ?? at, endedBy, at))) ended++
  }

  let eventsUpserted = await writePendingStreamEvents(db, pipeline)
  // Who is live shows first: the archive look-ups below may wait for the rate limit. Read again:
  // the profile sync may have written these creators while this run polled.
  await applyLiveFlags(db, [...await trackedTwitchCreators(db), ...await pausedCreatorsShownLive(db)], pipeline)
  if (!failures.stopped) {
    eventsUpserted += await mergeArchiveVideos(db, { ...pipeline, connector: options.connector, failures, checkEveryMs: options.archiveCheckEveryMs })
  }

  const live = (await liveSessionsOf(db)).filter(session => creators.has(session.userId)).length
  return { live, started, ended, eventsUpserted, pointsSpent: spent(), errors: failures.count }
}
