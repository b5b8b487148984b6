import { batchesOf } from '../../platforms/youtube/api-shapes.ts'
import { eventInputsOf, type YoutubeVideo } from '../../platforms/youtube/index.ts'
import { upsertEvents, type EventInput } from '../../domain/index.ts'
import { fetchIsolatingFailures } from './isolating-fetch.ts'
import { writeIsolatingFailures } from './isolating-writes.ts'
import { mergeWithStoredEvents } from './merge-stored-events.ts'
import type { TrackedChannel } from './tracked-channels.ts'
import type { YoutubeSyncRun } from './youtube-sync-run.ts'

export interface VideoRequest {
  videoId: string
  channel: TrackedChannel
}

/**
 * What became of a requested video: an event (created or refreshed), not finished yet (upcoming
 * or live: skipped for now), missing from the answer (private, deleted), or not fetched this run.
 */
export type VideoOutcome = 'event' | 'unfinished' | 'missing' | 'failed' | 'unasked'

/**
 * videos.list for the requested videos, 50 per call whatever their channel, each batch written
 * before the next call: finished videos become (or refresh) their video_upload or stream event,
 * merged with what is stored. The first requests go first when the budget runs short.
 */
export async function syncVideos(run: YoutubeSyncRun, requests: VideoRequest[]): Promise<Map<string, VideoOutcome>> {
  const outcomes = new Map<string, VideoOutcome>()
  const channelOf = new Map<string, TrackedChannel>()
  for (const { videoId, channel } of requests) if (!channelOf.has(videoId)) channelOf.set(videoId, channel)
  for (const batch of batchesOf([...channelOf.keys()])) {
    run.checkSignal()
    const { items, failed, unasked } = await fetchIsolatingFailures(run.calls, batch, (connector, ids) => connector.fetchVideos(ids))
    run.checkSignal()
    for (const videoId of unasked) outcomes.set(videoId, 'unasked')
    for (const { ids, error } of failed) {
      for (const videoId of ids) outcomes.set(videoId, 'failed')
      run.channelsFailed([...new Set(ids.map(videoId => channelOf.get(videoId)!))], `videos.list of ${ids.length === 1 ? ids[0] : `${ids.length} videos`}`, error)
    }
    const returned = items.filter(video => channelOf.has(video.id))
    run.counts.videosFetched += returned.length
    const byChannel = new Map<TrackedChannel, YoutubeVideo[]>()
    for (const video of returned) {
      const channel = channelOf.get(video.id)!
      byChannel.set(channel, [...(byChannel.get(channel) ?? []), video])
    }
    const events: EventInput[] = []
    for (const [channel, videos] of byChannel) {
      const mapped = eventInputsOf(videos, channel.creatorId)
      events.push(...mapped.events)
      for (const { videoId } of mapped.skipped) outcomes.set(videoId, 'unfinished')
    }
    const merged = await mergeWithStoredEvents(run.db, events)
    const written = await writeIsolatingFailures(
      merged,
      async (part) => {
        const upserted = await upsertEvents(run.db, part, { ...run.pipeline, at: run.at })
        run.counts.eventsUpserted += upserted.length
        return part
      },
      (event, error) => {
        outcomes.set(event.platformEventId, 'failed')
        run.channelsFailed([channelOf.get(event.platformEventId)!], `event of video ${event.platformEventId}`, error)
      },
    )
    for (const event of written) outcomes.set(event.platformEventId, 'event')
    for (const videoId of batch) if (!outcomes.has(videoId)) outcomes.set(videoId, 'missing')
  }
  return outcomes
}
