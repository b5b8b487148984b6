import { collectionsOf } from '../../db/index.ts'
import { findByValues } from '../../domain/bulk-access.ts'
import { eventIdFor } from '../../domain/index.ts'
import { forEachConcurrently } from './concurrently.ts'
import { saveChannelStates, type TrackedChannel } from './tracked-channels.ts'
import { YoutubeCallRefusedError } from './youtube-calls.ts'
import type { YoutubeSyncRun } from './youtube-sync-run.ts'

export const DEFAULT_FEED_CONCURRENCY = 8

/** A video id a feed showed that has no event yet: videos.list will tell what it is. */
export interface NewUpload {
  videoId: string
  channel: TrackedChannel
}

/**
 * Reads the channels' upload feeds (free) and returns the videos they show that are not events
 * yet. Updates each channel's newest upload (its activity tier) and its bookkeeping; a feed that
 * fails is counted and tried again at the channel's next feed check.
 */
export async function checkUploadFeeds(run: YoutubeSyncRun, channels: TrackedChannel[], concurrency = DEFAULT_FEED_CONCURRENCY): Promise<NewUpload[]> {
  const candidates: NewUpload[] = []
  const checked: TrackedChannel[] = []
  await forEachConcurrently(channels, concurrency, async (channel) => {
    if (run.calls.stopReason) return
    run.checkSignal()
    const { state } = channel
    let entries
    try {
      entries = await run.calls.feed(channel.channelId)
    }
    catch (error) {
      if (error instanceof YoutubeCallRefusedError) return
      state.feedCheckedAt = run.at
      state.feedFailures += 1
      checked.push(channel)
      run.channelsFailed([channel], 'upload feed', error)
      return
    }
    run.counts.feedsChecked += 1
    state.feedFailures = 0
    const feedIds = [...new Set(entries.map(entry => entry.videoId))]
    const newest = entries.reduce<Date | null>((latest, entry) => !latest || entry.publishedAt > latest ? entry.publishedAt : latest, null)
    if (newest && (!state.lastUploadAt || newest > state.lastUploadAt)) state.lastUploadAt = newest
    state.feedCheckedAt = run.at
    // Only what the feed still shows is worth remembering: older videos never come back in it.
    state.knownVideoIds = state.knownVideoIds.filter(id => feedIds.includes(id))
    state.deferredVideos = state.deferredVideos.filter(deferred => feedIds.includes(deferred.videoId))
    const waiting = new Set(state.deferredVideos.filter(deferred => deferred.retryAt > run.at).map(deferred => deferred.videoId))
    for (const videoId of feedIds) {
      if (!state.knownVideoIds.includes(videoId) && !waiting.has(videoId)) candidates.push({ videoId, channel })
    }
    checked.push(channel)
  })
  const known = await uploadsWithEvents(run, candidates)
  for (const { videoId, channel } of candidates) {
    if (known.has(`${channel.creatorId}:${videoId}`)) channel.state.knownVideoIds.push(videoId)
  }
  run.checkSignal()
  await saveChannelStates(run.db, checked, run.at)
  return candidates.filter(({ videoId, channel }) => !known.has(`${channel.creatorId}:${videoId}`))
}

/**
 * Which of these videos already are events (an earlier run that stopped before its bookkeeping,
 * a push notification, the backfill of a new creator): looked up by their possible event ids.
 */
async function uploadsWithEvents(run: YoutubeSyncRun, uploads: NewUpload[]): Promise<Set<string>> {
  if (uploads.length === 0) return new Set()
  const eventIds = uploads.flatMap(({ videoId, channel }) => (['video_upload', 'stream'] as const).map(type => eventIdFor(channel.creatorId, 'youtube', type, videoId)))
  const found = await findByValues(collectionsOf(run.db).timelineEvents, 'eventId', eventIds, { projection: { _id: 0, creatorId: 1, platformEventId: 1 } })
  return new Set(found.map(event => `${event.creatorId}:${event.platformEventId}`))
}
