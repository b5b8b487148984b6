import { collectionsOf } from '../../db/index.ts'
import { IDS_PER_CALL } from '../../platforms/youtube/api-shapes.ts'
import { isDue, overdueness } from './youtube-cadence.ts'
import type { TrackedChannel } from './tracked-channels.ts'
import type { VideoOutcome, VideoRequest } from './video-events.ts'
import type { YoutubeSyncRun } from './youtube-sync-run.ts'

/** The embedded engine walks an index for at most 200 `$in` values. */
const CREATORS_PER_QUERY = 200

/** A refresh this many intervals late gets a call of its own, even a part-empty one. */
const STARVING_OVERDUENESS = 2

export interface MetricsRefresh {
  /** Channels due a refresh of their recent uploads' metrics, the longest waiting first. */
  channels: TrackedChannel[]
  /** Their recent uploads and streams, channel by channel in that order. */
  requests: VideoRequest[]
  /** The most overdue channel waited long enough for a part-empty call. */
  starving: boolean
}

/** Which channels are due a refresh of their recent uploads' metrics, and which videos that means. */
export async function metricsRefreshDue(run: YoutubeSyncRun, channels: TrackedChannel[]): Promise<MetricsRefresh> {
  const { at, cadence } = run
  const since = new Date(at.getTime() - cadence.recentUploadMs)
  const overdue = (channel: TrackedChannel) => overdueness(channel.state.metricsRefreshedAt, cadence.metricsEveryMs, at)
  const due = channels
    .filter(({ state }) => state.lastUploadAt !== null && state.lastUploadAt >= since && isDue(state.metricsRefreshedAt, cadence.metricsEveryMs, at, cadence))
    .sort((a, b) => overdue(b) - overdue(a))
  const videoIdsOf = new Map<string, string[]>()
  for (let start = 0; start < due.length; start += CREATORS_PER_QUERY) {
    const creatorIds = due.slice(start, start + CREATORS_PER_QUERY).map(channel => channel.creatorId)
    const events = await collectionsOf(run.db).timelineEvents.find(
      { creatorId: { $in: creatorIds }, platform: 'youtube', type: { $in: ['video_upload', 'stream'] }, publishedAt: { $gte: since } },
      { projection: { _id: 0, creatorId: 1, platformEventId: 1 } },
    ).toArray()
    for (const { creatorId, platformEventId } of events) videoIdsOf.set(creatorId, [...(videoIdsOf.get(creatorId) ?? []), platformEventId])
  }
  return {
    channels: due,
    requests: due.flatMap(channel => (videoIdsOf.get(channel.creatorId) ?? []).map(videoId => ({ videoId, channel }))),
    starving: due.length > 0 && overdue(due[0]!) >= STARVING_OVERDUENESS,
  }
}

/**
 * The videos to ask for: every new upload, then refreshes riding in the free seats of those calls
 * (free of charge), then whole calls of refreshes when `wholeCalls` allows, and a part-empty one
 * only for a starving refresh. Metrics are the least urgent thing the sync reads, so they mostly
 * travel in seats that are paid for anyway.
 */
export function videoRequestsToMake(newUploads: VideoRequest[], refresh: MetricsRefresh, { wholeCalls }: { wholeCalls: boolean }): VideoRequest[] {
  const asked = new Set(newUploads.map(upload => upload.videoId))
  const refreshes = refresh.requests.filter(request => !asked.has(request.videoId))
  const freeSeats = (IDS_PER_CALL - (asked.size % IDS_PER_CALL)) % IDS_PER_CALL
  let taken = freeSeats
  if (wholeCalls) {
    const rest = refreshes.length - freeSeats
    taken += rest <= 0 ? 0 : refresh.starving ? rest : Math.floor(rest / IDS_PER_CALL) * IDS_PER_CALL
  }
  return [...newUploads, ...refreshes.slice(0, taken)]
}

/** A due channel counts as refreshed once every one of its recent uploads got an answer this run. */
export function noteMetricsRefreshed(run: YoutubeSyncRun, refresh: MetricsRefresh, outcomes: Map<string, VideoOutcome>): void {
  const unanswered: Array<VideoOutcome | undefined> = ['failed', 'unasked', undefined]
  const incomplete = new Set(refresh.requests.filter(({ videoId }) => unanswered.includes(outcomes.get(videoId))).map(({ channel }) => channel))
  for (const channel of refresh.channels) if (!incomplete.has(channel)) channel.state.metricsRefreshedAt = run.at
}
