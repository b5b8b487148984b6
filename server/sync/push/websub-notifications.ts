import type { Db } from 'mongodb'
import { collectionsOf, type TimelineEventType } from '../../db/index.ts'
import { findByValues } from '../../domain/bulk-access.ts'
import { announceCreatorChanges, eventIdFor, type ChangeListener } from '../../domain/index.ts'
import { IDS_PER_CALL } from '../../platforms/youtube/api-shapes.ts'
import type { YoutubePushNotification } from '../../platforms/youtube/websub.ts'
import { YOUTUBE_DAILY_QUOTA, type YoutubeQuotaLedger } from '../youtube-quota-ledger.ts'
import { loadTrackedChannels, type TrackedChannel } from '../youtube/tracked-channels.ts'
import { syncVideos, type VideoRequest } from '../youtube/video-events.ts'
import { cadenceWith } from '../youtube/youtube-cadence.ts'
import { createYoutubeCalls, type YoutubeConnectorFactory } from '../youtube/youtube-calls.ts'
import { createSyncRun, emptyCounts } from '../youtube/youtube-sync-run.ts'

/** What handling one pushed notification did (logged by the callback). */
export type WebSubNotificationCounts = {
  videosFetched: number
  eventsUpserted: number
  /** Events of deleted videos removed, with their collaboration copies. */
  eventsRemoved: number
  /** Entries of channels we do not track (a lease still running after a creator was paused or removed). */
  ignored: number
  /** Videos left to the polling path: the quota is spent, or YouTube refused the call. */
  deferred: number
  unitsSpent: number
  errors: number
}

export interface WebSubNotificationOptions {
  /** Builds the connector around the unit counter, as for the sync tasks. */
  connect: YoutubeConnectorFactory
  ledger: YoutubeQuotaLedger
  now?: () => Date
  onChange?: ChangeListener
  onError?: (error: unknown) => void
}

const VIDEO_EVENT_TYPES: readonly TimelineEventType[] = ['video_upload', 'stream']

/**
 * New or edited videos: videos.list (1 unit per 50) and the same event pipeline as the uploads
 * task, so a pushed upload is stored exactly as the feed check would store it a little later.
 * The units go to the day's ledger, from what the scheduled runs leave aside for push.
 */
async function syncPushedVideos(db: Db, requests: VideoRequest[], at: Date, options: WebSubNotificationOptions, counts: WebSubNotificationCounts): Promise<void> {
  const { ledger } = options
  const budget = await ledger.exhaustedUntil() ? 0 : Math.min(Math.ceil(requests.length / IDS_PER_CALL), YOUTUBE_DAILY_QUOTA - await ledger.spentToday())
  if (budget <= 0) {
    counts.deferred += requests.length
    return
  }
  const runCounts = emptyCounts()
  const calls = createYoutubeCalls({ connect: options.connect, ledger, budget, onStop: error => run.reportError(error) })
  const run = createSyncRun({ db, at, cadence: cadenceWith(), calls, counts: runCounts, onError: options.onError, onChange: options.onChange })
  try {
    const outcomes = await syncVideos(run, requests)
    counts.deferred += [...outcomes.values()].filter(outcome => outcome === 'unasked').length
  }
  finally {
    await calls.flush()
    counts.videosFetched += runCounts.videosFetched
    counts.eventsUpserted += runCounts.eventsUpserted
    counts.unitsSpent += calls.unitsSpent
    counts.errors += runCounts.errors
  }
}

/**
 * Deleted (or privated) videos leave the timeline with their collaboration copies, and the
 * channel's bookkeeping forgets them, so one made public again comes back through the feed check.
 */
async function removeDeletedVideos(db: Db, deletions: Array<{ videoId: string, channel: TrackedChannel }>, options: WebSubNotificationOptions): Promise<number> {
  if (deletions.length === 0) return 0
  const { timelineEvents, youtubeChannelSync } = collectionsOf(db)
  const eventIds = deletions.flatMap(({ videoId, channel }) => VIDEO_EVENT_TYPES.map(type => eventIdFor(channel.creatorId, 'youtube', type, videoId)))
  const projection = { _id: 0, eventId: 1, creatorId: 1 }
  const found = await findByValues(timelineEvents, 'eventId', eventIds, { projection })
  const copies = found.length === 0 ? [] : await findByValues(timelineEvents, 'sourceEventId', found.map(event => event.eventId), { projection })
  const removed = [...found, ...copies]
  if (removed.length > 0) {
    await timelineEvents.deleteMany({ eventId: { $in: removed.map(event => event.eventId) } })
    announceCreatorChanges(removed.map(event => event.creatorId), options)
  }
  for (const channelId of new Set(deletions.map(({ channel }) => channel.channelId))) {
    const videoIds = deletions.filter(({ channel }) => channel.channelId === channelId).map(({ videoId }) => videoId)
    await youtubeChannelSync.updateOne({ _id: channelId }, { $pull: { knownVideoIds: { $in: videoIds } } })
  }
  return removed.length
}

/**
 * Applies the entries of one signed WebSub notification. Entries of channels we do not track are
 * ignored; a tombstone without its channel cannot be placed and is ignored too (the feed check
 * stops seeing the video anyway).
 */
export async function applyWebSubNotifications(db: Db, notifications: readonly YoutubePushNotification[], options: WebSubNotificationOptions): Promise<WebSubNotificationCounts> {
  const at = (options.now ?? (() => new Date()))()
  const counts: WebSubNotificationCounts = { videosFetched: 0, eventsUpserted: 0, eventsRemoved: 0, ignored: 0, deferred: 0, unitsSpent: 0, errors: 0 }
  const channelIds = [...new Set(notifications.flatMap(notification => notification.channelId ?? []))]
  const channels = channelIds.length === 0 ? [] : await loadTrackedChannels(db, at, { channelIds })
  const channelOf = new Map(channels.map(channel => [channel.channelId, channel]))

  const videos: VideoRequest[] = []
  const deletions: Array<{ videoId: string, channel: TrackedChannel }> = []
  for (const notification of notifications) {
    const channel = notification.channelId === null ? undefined : channelOf.get(notification.channelId)
    if (!channel) counts.ignored += 1
    else if (notification.kind === 'video') videos.push({ videoId: notification.videoId, channel })
    else deletions.push({ videoId: notification.videoId, channel })
  }
  if (videos.length > 0) await syncPushedVideos(db, videos, at, options, counts)
  counts.eventsRemoved = await removeDeletedVideos(db, deletions, options)
  return counts
}
