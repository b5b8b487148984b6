import type { Db } from 'mongodb'
import type { LiveSession } from '../../db/index.ts'
import type { PipelineOptions } from '../../domain/index.ts'
import { archiveStreamEventOf, type TwitchConnector } from '../../platforms/twitch/index.ts'
import { changeLiveSession, sessionsAwaitingArchive } from './live-session-store.ts'
import { groupSessionsByUser } from './live-creator-flags.ts'
import { sessionArchiveChecked } from './live-session-transitions.ts'
import type { RunFailures } from './run-failures.ts'
import { upsertMergedStreamEvents } from './write-stream-events.ts'

/** The archive video shows up within minutes of the end; asking more often than this wastes points. */
export const ARCHIVE_CHECK_EVERY_MS = 30 * 60_000
/** A channel that keeps no archives never gets one: stop asking a day after the end. */
export const ARCHIVE_WINDOW_MS = 86_400_000
/** Archive videos are created when the stream starts; a margin for clocks that disagree. */
const SINCE_MARGIN_MS = 3_600_000

export interface ArchiveMergeOptions extends PipelineOptions {
  at: Date
  connector: TwitchConnector
  failures: RunFailures
  checkEveryMs?: number
  windowMs?: number
}

function isDue(session: LiveSession, at: Date, everyMs: number): boolean {
  return session.archiveCheckedAt === null || at.getTime() - session.archiveCheckedAt.getTime() >= everyMs
}

/**
 * Looks for the archive video (VOD) of recently ended streams, one Helix call per channel, and
 * merges its id, link, picture, duration and views into the stream event, keeping the peak and
 * average viewers the live samples gave. Returns how many events were written.
 */
export async function mergeArchiveVideos(db: Db, options: ArchiveMergeOptions): Promise<number> {
  const { at, connector, failures, checkEveryMs = ARCHIVE_CHECK_EVERY_MS, windowMs = ARCHIVE_WINDOW_MS } = options
  const awaiting = await sessionsAwaitingArchive(db, new Date(at.getTime() - windowMs))
  const byUser = groupSessionsByUser(awaiting.filter(session => isDue(session, at, checkEveryMs)))
  let written = 0
  for (const [userId, sessions] of byUser) {
    if (failures.stopped) break
    const since = new Date(Math.min(...sessions.map(session => session.startedAt.getTime())) - SINCE_MARGIN_MS)
    const videos = await failures.attempt(() => connector.archiveVideos(userId, { since, maxPages: 1 }))
    if (!videos) continue
    const found = sessions.map(session => ({ session, video: videos.find(video => video.stream_id === session.streamId) }))
    const events = found.flatMap(({ session, video }) => video ? [{ event: archiveStreamEventOf(session.creatorId, video, session.viewers ?? undefined), storedMediaWins: false }] : [])
    written += (await upsertMergedStreamEvents(db, events, { at, onChange: options.onChange })).length
    for (const { session, video } of found) await changeLiveSession(db, session.streamId, stored => sessionArchiveChecked(stored, video?.id ?? null, at))
  }
  return written
}
