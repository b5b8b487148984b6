import type { CreatorCategory, YoutubeAccount } from '../../db/index.ts'
import type { CreatorInput } from '../../domain/creators/upsert-creators.ts'
import type { EventInput } from '../../domain/events/upsert-events.ts'
import type { SnapshotInput } from '../../domain/snapshots/record-daily-snapshots.ts'
import { bestThumbnailUrl } from './api-shapes.ts'
import type { YoutubeChannel } from './channels.ts'
import { isoDurationSeconds } from './iso-duration.ts'
import type { YoutubeVideo } from './videos.ts'

/** Local pictures (public/) for a channel without an avatar or a banner. */
export const AVATAR_PLACEHOLDER = '/placeholder-avatar.svg'
export const BANNER_PLACEHOLDER = '/placeholder-image.svg'

export interface YoutubeAccountOptions {
  /** The API does not tell whether a channel is verified: the caller keeps what it knows. */
  verified?: boolean
}

/** The handle without its `@`; a channel without one is named by its id (the schema needs a handle). */
function handleOf(channel: YoutubeChannel): string {
  const customUrl = channel.snippet.customUrl?.replace(/^@/, '')
  return customUrl || channel.id
}

export function youtubeAccountOf(channel: YoutubeChannel, options: YoutubeAccountOptions = {}): YoutubeAccount {
  const statistics = channel.statistics
  return {
    channelId: channel.id,
    handle: handleOf(channel),
    title: channel.snippet.title,
    // A hidden count is unknown, never 0: the API leaves it out (and we ignore it if it ever came).
    subscribers: statistics?.hiddenSubscriberCount ? null : statistics?.subscriberCount ?? null,
    views: statistics?.viewCount ?? null,
    videos: statistics?.videoCount ?? null,
    verified: options.verified ?? false,
    joinedAt: channel.snippet.publishedAt,
  }
}

export interface CreatorInputOptions extends YoutubeAccountOptions {
  /** The API has no creator category: whoever adds the creator gives it; a sync leaves it out (kept as stored). */
  category?: CreatorCategory
}

/** A creator as its YouTube channel presents it. */
export function creatorInputOf(channel: YoutubeChannel, options: CreatorInputOptions): CreatorInput {
  return {
    name: channel.snippet.title,
    description: channel.snippet.description,
    ...(options.category && { category: options.category }),
    avatarUrl: bestThumbnailUrl(channel.snippet.thumbnails) ?? AVATAR_PLACEHOLDER,
    bannerUrl: channel.brandingSettings?.image?.bannerExternalUrl || BANNER_PLACEHOLDER,
    platforms: { youtube: youtubeAccountOf(channel, options) },
    dataSource: 'platform-api',
  }
}

/** Today's subscribers, views and videos of a channel (the rest of the metrics stay unknown). */
export function snapshotInputOf(channel: YoutubeChannel, creatorId: string, observedAt: Date): SnapshotInput {
  const { subscribers, views, videos } = youtubeAccountOf(channel)
  return { creatorId, platform: 'youtube', observedAt, metrics: { subscribers, views, videos }, dataSource: 'platform-api' }
}

/** A skipped video is no event yet: it becomes one once it has ended, on a later sync. */
export type VideoEventMapping
  = { kind: 'event', event: EventInput }
    | { kind: 'skipped', videoId: string, reason: string }

const SKIP_REASONS: Record<string, string> = {
  upcoming: 'upcoming: a scheduled live stream or premiere that has not started',
  live: 'live now: its duration and views are not final until it ends',
}

function secondsBetween(start: Date, end: Date): number {
  return Math.max(0, Math.round((end.getTime() - start.getTime()) / 1000))
}

/**
 * A video as a timeline event: a finished live stream (it has an actual end time) is a `stream`
 * lasting from its actual start to its actual end, anything else published is a `video_upload`.
 */
export function eventInputOf(video: YoutubeVideo, creatorId: string): VideoEventMapping {
  const skipReason = SKIP_REASONS[video.snippet.liveBroadcastContent]
  if (skipReason) return { kind: 'skipped', videoId: video.id, reason: skipReason }
  const live = video.liveStreamingDetails
  const streamed = live?.actualEndTime ? { start: live.actualStartTime ?? video.snippet.publishedAt, end: live.actualEndTime } : null
  const duration = video.contentDetails?.duration
  return {
    kind: 'event',
    event: {
      creatorId,
      platform: 'youtube',
      type: streamed ? 'stream' : 'video_upload',
      platformEventId: video.id,
      title: video.snippet.title,
      description: video.snippet.description,
      publishedAt: streamed ? streamed.start : video.snippet.publishedAt,
      // Peak and average viewers of a past stream are not in the API (concurrentViewers is live only).
      metrics: {
        views: video.statistics?.viewCount ?? null,
        likes: video.statistics?.likeCount ?? null,
        comments: video.statistics?.commentCount ?? null,
      },
      media: {
        thumbnailUrl: bestThumbnailUrl(video.snippet.thumbnails),
        durationSeconds: streamed ? secondsBetween(streamed.start, streamed.end) : duration === undefined ? null : isoDurationSeconds(duration),
        url: `https://www.youtube.com/watch?v=${encodeURIComponent(video.id)}`,
      },
      dataSource: 'platform-api',
    },
  }
}

/** The events of many videos, and the videos left for a later sync with why. */
export function eventInputsOf(videos: YoutubeVideo[], creatorId: string): { events: EventInput[], skipped: Array<{ videoId: string, reason: string }> } {
  const events: EventInput[] = []
  const skipped: Array<{ videoId: string, reason: string }> = []
  for (const mapping of videos.map(video => eventInputOf(video, creatorId))) {
    if (mapping.kind === 'event') events.push(mapping.event)
    else skipped.push({ videoId: mapping.videoId, reason: mapping.reason })
  }
  return { events, skipped }
}
