import type { EventMetrics, TwitchAccount } from '../../db/index.ts'
import type { CreatorInput } from '../../domain/creators/upsert-creators.ts'
import type { EventInput } from '../../domain/events/upsert-events.ts'
import type { SnapshotInput } from '../../domain/snapshots/record-daily-snapshots.ts'
import type { LiveStreamSummary } from './live-stream-summary.ts'
import type { HelixStream } from './streams.ts'
import { parseTwitchDuration } from './twitch-duration.ts'
import type { HelixUser } from './users.ts'
import type { HelixVideo } from './videos.ts'

/** The profile fields of a CreatorInput that a Twitch user provides. */
export type TwitchProfile = Pick<CreatorInput, 'name' | 'description' | 'avatarUrl' | 'bannerUrl'>

export interface TwitchAccountFacts {
  followers: number | null
  /** When `followers` was asked of Twitch; left out of the account when unknown. */
  followersObservedAt?: Date
  /** The user's live stream, when the streams call found one. */
  liveStream?: HelixStream
  /** When offline: the last known stream start (stored, or the newest archive); null if none. */
  lastStreamAt?: Date | null
  /** Helix has no video total; unknown unless the caller counted them. */
  videos?: number | null
}

const THUMBNAIL_SIZE = '320x180'
const DATA_SOURCE = 'platform-api'

/** Helix thumbnails hold a size placeholder: `%{width}x%{height}` (videos) or `{width}x{height}` (streams). */
export function sizedThumbnailUrl(template: string): string | null {
  return template === '' ? null : template.replace(/%?\{width\}x%?\{height\}/, THUMBNAIL_SIZE)
}

export function twitchProfileOf(user: HelixUser): TwitchProfile {
  return {
    name: user.display_name || user.login,
    description: user.description,
    avatarUrl: user.profile_image_url,
    // Empty when the channel has no offline image; the creator schema allows ''.
    bannerUrl: user.offline_image_url,
  }
}

export function twitchAccountOf(user: HelixUser, facts: TwitchAccountFacts): TwitchAccount {
  return {
    userId: user.id,
    login: user.login,
    displayName: user.display_name,
    followers: facts.followers,
    videos: facts.videos ?? null,
    isLive: facts.liveStream !== undefined,
    lastStreamAt: facts.liveStream ? new Date(facts.liveStream.started_at) : (facts.lastStreamAt ?? null),
    verified: user.broadcaster_type === 'partner',
    joinedAt: new Date(user.created_at),
    ...(facts.followersObservedAt && { followersObservedAt: facts.followersObservedAt }),
  }
}

/** The day's observation of a Twitch account (follower history comes only from these). */
export function twitchSnapshotOf(creatorId: string, account: TwitchAccount, observedAt: Date): SnapshotInput {
  return {
    creatorId,
    platform: 'twitch',
    observedAt,
    metrics: { followers: account.followers, videos: account.videos },
    dataSource: DATA_SOURCE,
  }
}

/**
 * What a stream tracker shows of a broadcast's audience; hours watched to one decimal. With the
 * broadcast's exact duration, hours watched is the average audience over all of it: the samples
 * miss the minutes before the first poll (about 5 % of a stream, found by bench:sync's simulation).
 */
export function viewerMetricsOf(summary: LiveStreamSummary, durationSeconds: number | null = null): Pick<EventMetrics, 'peakViewers' | 'averageViewers' | 'hoursWatched'> {
  const hoursWatched = durationSeconds ? summary.averageViewers * durationSeconds / 3600 : summary.hoursWatched
  return { peakViewers: summary.peakViewers, averageViewers: summary.averageViewers, hoursWatched: Math.round(hoursWatched * 10) / 10 }
}

/**
 * A past broadcast as a 'stream' event. It is keyed by the stream id, as the live event written
 * while it ran, so both land on one event; pass that event's viewer figures to keep them.
 */
export function archiveStreamEventOf(creatorId: string, video: HelixVideo, viewers?: LiveStreamSummary): EventInput {
  return {
    creatorId,
    platform: 'twitch',
    type: 'stream',
    platformEventId: video.stream_id || video.id,
    title: video.title,
    description: video.description,
    publishedAt: new Date(video.created_at),
    metrics: { views: video.view_count, ...(viewers && viewerMetricsOf(viewers, parseTwitchDuration(video.duration))) },
    media: { durationSeconds: parseTwitchDuration(video.duration), thumbnailUrl: sizedThumbnailUrl(video.thumbnail_url), url: video.url },
    dataSource: DATA_SOURCE,
  }
}

/** A stream still running (or just ended) as a 'stream' event, with what its samples tell. */
export function liveStreamEventOf(creatorId: string, stream: HelixStream, summary: LiveStreamSummary | null): EventInput {
  return {
    creatorId,
    platform: 'twitch',
    type: 'stream',
    platformEventId: stream.id,
    title: stream.title,
    publishedAt: new Date(stream.started_at),
    metrics: summary ? viewerMetricsOf(summary) : {},
    media: { durationSeconds: null, thumbnailUrl: sizedThumbnailUrl(stream.thumbnail_url), url: `https://www.twitch.tv/${stream.user_login}` },
    dataSource: DATA_SOURCE,
  }
}
