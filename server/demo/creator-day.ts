import { addUtcDays } from '../domain/index.ts'
import { thumbnailFor } from './artwork.ts'
import type { DemoCreator } from './cast.ts'
import { CATEGORY_FLAVOURS } from './category-flavour.ts'
import { mentionHandleOn, profileOn } from './creator-profile.ts'
import { randomFor, type Random } from './random.ts'

const HOUR_MS = 3_600_000
/** Snapshots are taken late in the day, after every upload and stream of it. */
export const OBSERVED_AT_MS = 23.5 * HOUR_MS
/** How quickly an upload gathers its views: most of them within two or three days. */
const VIEW_HALF_LIFE_HOURS = 40
/** Uploads older than this no longer get their figures refreshed. */
export const UPLOAD_REFRESH_DAYS = 30

export interface DemoUpload {
  platformEventId: string
  dayOffset: number
  publishedAt: Date
  title: string
  description: string
  durationSeconds: number
  finalViews: number
  likeRate: number | null
  commentRate: number
  thumbnailUrl: string
}

export interface DemoStream {
  platformEventId: string
  publishedAt: Date
  title: string
  description: string
  durationSeconds: number
  peakViewers: number
  averageViewers: number
  views: number
  thumbnailUrl: string
}

/** A creator's true figures; what the platforms report is derived from them (rounded, hidden). */
export interface CreatorState {
  subscribers: number
  youtubeViews: number
  youtubeVideos: number
  followers: number
  twitchVideos: number
  /** Growth still to come from a viral spike, as log-growth. */
  spike: number
  lastStreamAt: Date | null
  recentUploads: DemoUpload[]
  streamsToday: DemoStream[]
}

export interface DemoWorld {
  seed: number
  firstDay: Date
  creators: DemoCreator[]
}

export function initialStateOf(creator: DemoCreator): CreatorState {
  return {
    subscribers: creator.youtube?.subscribers ?? 0,
    youtubeViews: creator.youtube?.views ?? 0,
    youtubeVideos: creator.youtube?.videos ?? 0,
    followers: creator.twitch?.followers ?? 0,
    twitchVideos: creator.twitch?.videos ?? 0,
    spike: 0,
    lastStreamAt: null,
    recentUploads: [],
    streamsToday: [],
  }
}

function idFrom(random: Random, length: number, alphabet: string): string {
  return Array.from({ length }, () => alphabet[random.int(0, alphabet.length - 1)]).join('')
}

function fill(template: string, random: Random, topics: readonly string[], dayOffset: number): string {
  return template.replace('{topic}', random.pick(topics)).replace('{n}', String((dayOffset % 60) + 1))
}

/** Sometimes a title names another creator, mostly one of the same category: the pipeline finds collaborations in these. */
function mentionFor(world: DemoWorld, creator: DemoCreator, random: Random, dayOffset: number, platform: 'youtube' | 'twitch'): string | undefined {
  if (!random.chance(0.08)) return undefined
  const category = profileOn(creator, dayOffset).category
  const sameCategory = world.creators.filter(other => other !== creator && profileOn(other, dayOffset).category === category)
  const pool = sameCategory.length > 0 && random.chance(0.7) ? sameCategory : world.creators.filter(other => other !== creator)
  if (pool.length === 0) return undefined
  return mentionHandleOn(random.pick(pool), dayOffset, platform)
}

function atHour(day: Date, hour: number, minute: number): Date {
  return new Date(day.getTime() + hour * HOUR_MS + minute * 60_000)
}

function uploadsOn(world: DemoWorld, creator: DemoCreator, state: CreatorState, random: Random, day: Date, dayOffset: number, boost: number): DemoUpload[] {
  const channel = creator.youtube
  if (!channel) return []
  const scheduled = channel.uploadWeekdays.includes(day.getUTCDay()) && random.chance(0.88)
  const count = (scheduled ? 1 : 0) + (random.chance(0.03) ? 1 : 0)
  const flavour = CATEGORY_FLAVOURS[profileOn(creator, dayOffset).category]
  const uploads: DemoUpload[] = []
  for (let i = 0; i < count; i++) {
    const mention = mentionFor(world, creator, random, dayOffset, 'youtube')
    const title = fill(random.pick(flavour.titles), random, flavour.topics, dayOffset)
    const viral = random.chance(0.03) ? random.between(4, 15) : 1
    uploads.push({
      platformEventId: idFrom(random, 11, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
      dayOffset,
      publishedAt: atHour(day, Math.min(22, channel.uploadHour + random.int(0, 3) + i), random.int(0, 59)),
      title: mention && random.chance(0.6) ? `${title} ft. @${mention}` : title,
      description: `${mention && !title.includes(mention) ? `Made with @${mention}. ` : ''}New ${flavour.label} video every week. Thanks for watching!`,
      durationSeconds: random.int(flavour.minutes[0] * 60, flavour.minutes[1] * 60),
      finalViews: state.subscribers * channel.viewsPerSubscriber * Math.exp(0.6 * random.normal()) * viral * boost,
      likeRate: random.chance(0.04) ? null : random.between(0.015, 0.06),
      commentRate: random.between(0.001, 0.006),
      thumbnailUrl: thumbnailFor(creator.palette, random.int(0, 359)),
    })
  }
  return uploads
}

function streamsOn(world: DemoWorld, creator: DemoCreator, state: CreatorState, random: Random, day: Date, dayOffset: number, boost: number): DemoStream[] {
  const channel = creator.twitch
  if (!channel || !channel.streamWeekdays.includes(day.getUTCDay()) || !random.chance(0.9)) return []
  const flavour = CATEGORY_FLAVOURS[profileOn(creator, dayOffset).category]
  const start = atHour(day, channel.streamStartHour + random.int(0, 2), random.int(0, 59))
  const latestEnd = atHour(day, 23, 15)
  const durationSeconds = Math.min(Math.round(random.between(...channel.streamHours) * 60) * 60, Math.floor((latestEnd.getTime() - start.getTime()) / 1000))
  const peakViewers = Math.max(1, Math.round(state.followers * channel.viewersPerFollower * Math.exp(0.4 * random.normal()) * boost))
  const averageViewers = Math.max(1, Math.round(peakViewers * random.between(0.45, 0.75)))
  const mention = mentionFor(world, creator, random, dayOffset, 'twitch')
  const title = fill(random.pick(flavour.streamTitles), random, flavour.topics, dayOffset)
  return [{
    platformEventId: String(40_000_000_000 + random.int(0, 999_999_999)),
    publishedAt: start,
    title: mention ? `${title} w/ @${mention}` : title,
    description: `Streamed live on Twitch for ${Math.round(durationSeconds / 360) / 10} hours.`,
    durationSeconds,
    peakViewers,
    averageViewers,
    views: Math.round(averageViewers * random.between(2, 5)),
    thumbnailUrl: thumbnailFor(creator.palette, random.int(0, 359)),
  }]
}

/**
 * Advances one creator by one day: audience growth (a drift with weekly rhythm and log-normal noise,
 * now and then a viral spike that plays out over a few days), channel views, uploads and streams.
 * Its randomness is keyed by (seed, creator, day), so any stretch of days replays identically.
 */
export function advanceCreatorDay(world: DemoWorld, creator: DemoCreator, state: CreatorState, dayOffset: number): void {
  const day = addUtcDays(world.firstDay, dayOffset)
  const random = randomFor(world.seed, 'day', creator.index, dayOffset)
  const rhythm = 1 + creator.weeklyAmplitude * Math.cos((2 * Math.PI * (day.getUTCDay() - creator.weeklyPeak)) / 7)
  if (random.chance(0.004)) state.spike += random.between(0.03, 0.3)
  const spikeToday = state.spike * 0.35
  state.spike -= spikeToday
  const noise = Math.exp(creator.volatility * random.normal() - (creator.volatility ** 2) / 2)
  const growth = creator.drift * rhythm * noise + spikeToday
  const boost = 1 + 5 * spikeToday
  state.subscribers *= Math.exp(growth)
  state.followers *= Math.exp(growth * random.between(0.7, 1.3))
  if (creator.youtube) {
    state.youtubeViews += state.subscribers * creator.youtube.dailyViewsPerSubscriber * rhythm * Math.exp(0.25 * random.normal()) * boost
  }
  const uploads = uploadsOn(world, creator, state, random, day, dayOffset, boost)
  state.youtubeVideos += uploads.length
  state.recentUploads = [...state.recentUploads.filter(upload => dayOffset - upload.dayOffset < UPLOAD_REFRESH_DAYS), ...uploads]
  state.streamsToday = streamsOn(world, creator, state, random, day, dayOffset, boost)
  state.twitchVideos += state.streamsToday.length
  for (const stream of state.streamsToday) state.lastStreamAt = new Date(stream.publishedAt.getTime() + stream.durationSeconds * 1000)
}

/** An upload's views some time after publication. */
export function viewsAt(upload: DemoUpload, at: Date): number {
  const ageHours = Math.max(0, (at.getTime() - upload.publishedAt.getTime()) / HOUR_MS)
  return Math.round(upload.finalViews * (1 - Math.exp(-ageHours / VIEW_HALF_LIFE_HOURS)))
}
