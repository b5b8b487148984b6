import type {
  CREATOR_CATEGORIES as STORED_CATEGORIES, TIMELINE_EVENT_TYPES as STORED_EVENT_TYPES, TRENDING_PERIODS as STORED_PERIODS,
  CreatorDocument, TimelineEventDocument,
} from '../db/index.ts'
import type { CreatorDto, TimelineEventDto } from '#shared/schemas/index.ts'
import { CREATOR_CATEGORIES, TIMELINE_EVENT_TYPES, TRENDING_PERIODS } from '#shared/schemas/index.ts'

// The shared lists must stay the stored ones: these lines stop compiling when they drift apart.
const sameLists: [typeof STORED_CATEGORIES, typeof STORED_EVENT_TYPES, typeof STORED_PERIODS] = [CREATOR_CATEGORIES, TIMELINE_EVENT_TYPES, TRENDING_PERIODS]
void sameLists

const iso = (date: Date) => date.toISOString()

/** The public shape of a stored creator: no `_id`, no search or sort internals. */
export function toCreatorDto(creator: CreatorDocument): CreatorDto {
  const { youtube, twitch } = creator.platforms
  return {
    id: creator.creatorId,
    slug: creator.slug,
    name: creator.name,
    avatarUrl: creator.avatarUrl,
    bannerUrl: creator.bannerUrl,
    category: creator.category,
    verified: creator.verified,
    description: creator.description,
    stats: { ...creator.stats, joinDate: creator.stats.joinDate && iso(creator.stats.joinDate) },
    socialLinks: creator.socialLinks,
    platforms: {
      ...(youtube && { youtube: {
        channelId: youtube.channelId, handle: youtube.handle, title: youtube.title,
        subscribers: youtube.subscribers, views: youtube.views, videos: youtube.videos,
        verified: youtube.verified, joinedAt: iso(youtube.joinedAt),
        url: `https://www.youtube.com/@${encodeURIComponent(youtube.handle)}`,
      } }),
      ...(twitch && { twitch: {
        userId: twitch.userId, login: twitch.login, displayName: twitch.displayName,
        followers: twitch.followers, videos: twitch.videos, isLive: twitch.isLive,
        lastStreamAt: twitch.lastStreamAt && iso(twitch.lastStreamAt),
        verified: twitch.verified, joinedAt: iso(twitch.joinedAt),
        url: `https://www.twitch.tv/${encodeURIComponent(twitch.login)}`,
      } }),
    },
    url: `/creators/${creator.slug}`,
    lastUpdated: iso(creator.metadata.lastUpdated),
  }
}

/** The seed's event shape; a stream's audience figures, thumbnail, duration and url are left out when unknown. */
export function toTimelineEventDto(event: TimelineEventDocument): TimelineEventDto {
  const { thumbnailUrl, durationSeconds, url } = event.media
  const { peakViewers, averageViewers, hoursWatched } = event.metrics
  return {
    id: event.eventId,
    date: iso(event.publishedAt),
    type: event.type,
    title: event.title,
    description: event.description,
    views: event.metrics.views,
    likes: event.metrics.likes,
    comments: event.metrics.comments,
    ...(peakViewers != null && { peakViewers }),
    ...(averageViewers != null && { averageViewers }),
    ...(hoursWatched != null && { hoursWatched }),
    ...(thumbnailUrl !== null && { thumbnail: thumbnailUrl }),
    ...(durationSeconds !== null && { duration: formatDuration(durationSeconds) }),
    platform: event.platform,
    ...(url !== null && { url }),
  }
}

/** 1263 → "21:03", 11313 → "3:08:33". */
export function formatDuration(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600)
  const minutes = Math.floor(totalSeconds / 60) % 60
  const seconds = String(totalSeconds % 60).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`
}
