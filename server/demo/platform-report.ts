import { slugBaseFor, type CreatorInput, type EventInput, type SnapshotInput } from '../domain/index.ts'
import { avatarFor, bannerFor } from './artwork.ts'
import type { DemoCreator } from './cast.ts'
import { viewsAt, type CreatorState, type DemoUpload } from './creator-day.ts'
import { profileOn } from './creator-profile.ts'
import { randomFor } from './random.ts'

/** Ages (in days) at which an upload's figures are fetched again, like a tiered sync would: after a week an upload has ~98 % of its views. One refresh keeps the backfill fast. */
const REFRESH_AGES = new Set([7])
const VERIFIED_SUBSCRIBERS = 100_000
const VERIFIED_FOLLOWERS = 50_000

/** YouTube reports subscriber counts rounded down to three significant figures. */
export function roundDownToThreeFigures(count: number): number {
  const whole = Math.floor(count)
  if (whole < 1000) return whole
  const step = 10 ** (Math.floor(Math.log10(whole)) - 2)
  return Math.floor(whole / step) * step
}

/** The counts the platforms' APIs would return for the creator's true figures. */
export function reportedCountsOf(creator: DemoCreator, state: CreatorState) {
  return {
    subscribers: creator.youtube?.hiddenSubscribers ? null : roundDownToThreeFigures(state.subscribers),
    views: Math.round(state.youtubeViews),
    youtubeVideos: state.youtubeVideos,
    followers: Math.round(state.followers),
    twitchVideos: state.twitchVideos,
  }
}

const bannerCache = new Map<string, string>()

function bannerOf(seed: number, creator: DemoCreator): string {
  const key = `${seed}:${creator.index}`
  let banner = bannerCache.get(key)
  if (!banner) {
    const random = randomFor(seed, 'banner', creator.index)
    banner = bannerFor(creator.palette, Array.from({ length: 9 }, () => random.next()))
    bannerCache.set(key, banner)
  }
  return banner
}

/** The creator as the platforms would describe it at the end of the day. */
export function creatorInputOf(seed: number, creator: DemoCreator, state: CreatorState, dayOffset: number): CreatorInput {
  const profile = profileOn(creator, dayOffset)
  const { youtube, twitch } = creator
  const counts = reportedCountsOf(creator, state)
  return {
    name: profile.name,
    description: creator.description,
    category: profile.category,
    avatarUrl: avatarFor(profile.name, creator.palette, creator.artSeed % 360),
    bannerUrl: bannerOf(seed, creator),
    socialLinks: { website: `https://${slugBaseFor(creator.name)}.example` },
    platforms: {
      ...(youtube
        ? {
            youtube: {
              channelId: youtube.channelId,
              handle: profile.handle,
              title: profile.name,
              subscribers: counts.subscribers,
              views: counts.views,
              videos: counts.youtubeVideos,
              verified: state.subscribers >= VERIFIED_SUBSCRIBERS && creator.artSeed % 5 !== 0,
              joinedAt: youtube.joinedAt,
            },
          }
        : {}),
      ...(twitch
        ? {
            twitch: {
              userId: twitch.userId,
              login: profile.twitchLogin,
              displayName: profile.name,
              followers: counts.followers,
              videos: counts.twitchVideos,
              isLive: false,
              lastStreamAt: state.lastStreamAt,
              verified: state.followers >= VERIFIED_FOLLOWERS,
              joinedAt: twitch.joinedAt,
            },
          }
        : {}),
    },
    dataSource: 'demo',
  }
}

function youtubeEngagement(uploads: DemoUpload[]): number | null {
  const rated = uploads.filter(upload => upload.likeRate !== null)
  if (rated.length === 0) return null
  const total = rated.reduce((sum, upload) => sum + upload.likeRate! + upload.commentRate, 0)
  return Math.round((total / rated.length) * 10_000) / 100
}

export function snapshotInputsOf(creatorId: string, creator: DemoCreator, state: CreatorState, observedAt: Date): SnapshotInput[] {
  const counts = reportedCountsOf(creator, state)
  const snapshots: SnapshotInput[] = []
  if (creator.youtube) {
    snapshots.push({
      creatorId, platform: 'youtube', observedAt, dataSource: 'demo',
      metrics: { subscribers: counts.subscribers, views: counts.views, videos: counts.youtubeVideos, engagement: youtubeEngagement(state.recentUploads) },
    })
  }
  if (creator.twitch) {
    const stream = state.streamsToday[0]
    snapshots.push({
      creatorId, platform: 'twitch', observedAt, dataSource: 'demo',
      metrics: {
        followers: counts.followers,
        videos: counts.twitchVideos,
        engagement: stream && counts.followers > 0 ? Math.round((stream.averageViewers / counts.followers) * 100_000) / 1000 : null,
      },
    })
  }
  return snapshots
}

/** The day's new uploads and streams, and fresh figures for recent uploads. */
export function eventInputsOf(creatorId: string, creator: DemoCreator, state: CreatorState, dayOffset: number, observedAt: Date): EventInput[] {
  const uploads = state.recentUploads
    .filter(upload => upload.dayOffset === dayOffset || REFRESH_AGES.has(dayOffset - upload.dayOffset))
    .map((upload): EventInput => {
      const views = viewsAt(upload, observedAt)
      return {
        creatorId, platform: 'youtube', type: 'video_upload', platformEventId: upload.platformEventId,
        title: upload.title, description: upload.description, publishedAt: upload.publishedAt,
        metrics: {
          views,
          likes: upload.likeRate === null ? null : Math.round(views * upload.likeRate),
          comments: Math.round(views * upload.commentRate),
        },
        media: { thumbnailUrl: upload.thumbnailUrl, durationSeconds: upload.durationSeconds, url: null },
        dataSource: 'demo',
      }
    })
  const streams = state.streamsToday.map((stream): EventInput => ({
    creatorId, platform: 'twitch', type: 'stream', platformEventId: stream.platformEventId,
    title: stream.title, description: stream.description, publishedAt: stream.publishedAt,
    metrics: { views: stream.views, peakViewers: stream.peakViewers, averageViewers: stream.averageViewers, hoursWatched: Math.round(stream.averageViewers * stream.durationSeconds / 360) / 10 },
    media: { thumbnailUrl: stream.thumbnailUrl, durationSeconds: stream.durationSeconds, url: null },
    dataSource: 'demo',
  }))
  return [...uploads, ...streams]
}
