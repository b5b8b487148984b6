import type { NewUpload } from './upload-feeds.ts'
import type { VideoOutcome } from './video-events.ts'
import type { YoutubeSyncRun } from './youtube-sync-run.ts'

/**
 * Notes what became of the feed's new videos: an event is known from now on; an unfinished or
 * missing one waits before it is asked about again; one not fetched stays new, so the next feed
 * check finds it again.
 */
export function noteNewUploads(run: YoutubeSyncRun, uploads: NewUpload[], outcomes: Map<string, VideoOutcome>): void {
  const { at, cadence } = run
  for (const { videoId, channel: { state } } of uploads) {
    const outcome = outcomes.get(videoId)
    if (outcome === undefined || outcome === 'failed' || outcome === 'unasked') continue
    state.deferredVideos = state.deferredVideos.filter(deferred => deferred.videoId !== videoId)
    if (outcome === 'event') {
      if (!state.knownVideoIds.includes(videoId)) state.knownVideoIds.push(videoId)
      continue
    }
    const waitMs = outcome === 'unfinished' ? cadence.unfinishedVideoRetryMs : cadence.missingVideoRetryMs
    state.deferredVideos.push({ videoId, retryAt: new Date(at.getTime() + waitMs) })
  }
}
