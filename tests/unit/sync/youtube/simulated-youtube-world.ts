import { atomFeed, channelIdFor, channelResource, type ApiResource } from '../../platforms/youtube/fake-youtube-data.ts'
import type { FakeYoutubeServer } from '../../platforms/youtube/fake-youtube-server.ts'
import { seededRandom } from '../seeded-random.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** How often a channel publishes: about once a day, a week, a month, or not at all any more. */
export type PublishingHabit = 'daily' | 'weekly' | 'monthly' | 'dormant'

/** Mean days between uploads per habit; a dormant channel's last upload is months old. */
const MEAN_GAP_DAYS: Record<PublishingHabit, number> = { daily: 1, weekly: 7, monthly: 30, dormant: Number.POSITIVE_INFINITY }

/** A tracker's channels publish more than YouTube's average one: creators people follow. */
export const DEFAULT_HABIT_SHARES: Record<PublishingHabit, number> = { daily: 0.2, weekly: 0.35, monthly: 0.25, dormant: 0.2 }

export interface SimulatedUpload {
  videoId: string
  publishedAt: number
  durationSeconds: number
}

export interface SimulatedChannel {
  channelId: string
  title: string
  habit: PublishingHabit
  /** Oldest first. */
  uploads: SimulatedUpload[]
  subscribersAtStart: number
  hiddenSubscribers: boolean
}

export interface SimulatedWorldOptions {
  channels: number
  /** The first instant the sync runs. */
  start: Date
  /** Uploads are generated this far back (so the first feed reads find a history)… */
  historyDays?: number
  /** …and this far ahead. */
  days: number
  seed?: number
  habitShares?: Record<PublishingHabit, number>
}

function habitOf(draw: number, shares: Record<PublishingHabit, number>): PublishingHabit {
  let cumulative = 0
  for (const habit of ['daily', 'weekly', 'monthly', 'dormant'] as const) {
    cumulative += shares[habit]
    if (draw < cumulative) return habit
  }
  return 'dormant'
}

/**
 * A deterministic world of YouTube channels that publish on a schedule (exponential gaps per
 * habit), served by the fake YouTube as time passes: channels.list counts, videos.list views that
 * grow with age, and feeds that show the latest 15 uploads published by the clock's now.
 */
export class SimulatedYoutubeWorld {
  readonly channels: SimulatedChannel[]
  private readonly byChannel: Map<string, SimulatedChannel>
  private readonly videos = new Map<string, { channel: SimulatedChannel, upload: SimulatedUpload }>()
  /** A feed changes only with a new upload: its XML is kept per channel and upload count. */
  private readonly feeds = new Map<string, { published: number, xml: string }>()
  private readonly options: SimulatedWorldOptions

  constructor(options: SimulatedWorldOptions) {
    this.options = options
    const random = seededRandom(options.seed ?? 20_300_501)
    const shares = options.habitShares ?? DEFAULT_HABIT_SHARES
    const from = options.start.getTime() - (options.historyDays ?? 60) * DAY
    const to = options.start.getTime() + options.days * DAY
    this.channels = Array.from({ length: options.channels }, (_, i) => {
      const channelId = channelIdFor(i + 1)
      const habit = habitOf(random(), shares)
      const uploads: SimulatedUpload[] = []
      const add = (publishedAt: number) => uploads.push({ videoId: `v${String(i + 1).padStart(4, '0')}${String(uploads.length).padStart(6, '0')}`, publishedAt, durationSeconds: 60 + Math.floor(random() * 1800) })
      if (habit === 'dormant') add(from - (30 + random() * 300) * DAY)
      else for (let at = from - random() * MEAN_GAP_DAYS[habit] * DAY; at < to; at += -Math.log(1 - random()) * MEAN_GAP_DAYS[habit] * DAY) add(at)
      return { channelId, title: `Channel ${channelId}`, habit, uploads, subscribersAtStart: Math.floor(1000 + random() * 5_000_000), hiddenSubscribers: random() < 0.03 }
    })
    this.byChannel = new Map(this.channels.map(channel => [channel.channelId, channel]))
    for (const channel of this.channels) for (const upload of channel.uploads) this.videos.set(upload.videoId, { channel, upload })
  }

  /** Uploads published by `at`, newest first. */
  publishedBy(channel: SimulatedChannel, at: number): SimulatedUpload[] {
    const published: SimulatedUpload[] = []
    for (let i = channel.uploads.length - 1; i >= 0; i--) if (channel.uploads[i]!.publishedAt <= at) published.push(channel.uploads[i]!)
    return published
  }

  /** The newest upload published by `at`, or null. */
  lastUploadAt(channel: SimulatedChannel, at: number): number | null {
    return this.publishedBy(channel, at)[0]?.publishedAt ?? null
  }

  /** Serves the world on the fake YouTube, as it stands at `now()`. */
  serveOn(fake: FakeYoutubeServer, now: () => Date): void {
    const list = (items: unknown[]) => ({ body: { kind: 'youtube#listResponse', items } })
    const ids = (query: Record<string, string>) => (query.id ?? '').split(',').filter(Boolean)
    fake.handle('channels', ({ query }) => list(ids(query).flatMap((id) => {
      const channel = this.byChannel.get(id)
      return channel ? [this.channelResource(channel, now().getTime())] : []
    })))
    fake.handle('videos', ({ query }) => list(ids(query).flatMap((id) => {
      const video = this.videos.get(id)
      return video && video.upload.publishedAt <= now().getTime() ? [this.videoResource(video.channel, video.upload, now().getTime())] : []
    })))
    fake.handle('feed', ({ query }) => {
      const channel = this.byChannel.get(query.channel_id ?? '')
      if (!channel) return { status: 404, body: '<html>Not Found</html>', contentType: 'text/html' }
      const published = this.publishedBy(channel, now().getTime())
      let feed = this.feeds.get(channel.channelId)
      if (feed?.published !== published.length) {
        const latest = published.slice(0, 15).map(upload => ({ videoId: upload.videoId, title: `Video ${upload.videoId}`, published: new Date(upload.publishedAt).toISOString() }))
        feed = { published: published.length, xml: atomFeed(channel.channelId, channel.title, latest) }
        this.feeds.set(channel.channelId, feed)
      }
      return { body: feed.xml }
    })
  }

  private channelResource(channel: SimulatedChannel, at: number): ApiResource {
    const days = (at - this.options.start.getTime()) / DAY
    const subscribers = Math.floor(channel.subscribersAtStart * (1 + 0.001 * days))
    // YouTube rounds subscriber counts down to 3 significant figures.
    const step = 10 ** Math.max(0, Math.floor(Math.log10(subscribers)) - 2)
    const rounded = Math.floor(subscribers / step) * step
    const published = this.publishedBy(channel, at)
    return channelResource(channel.channelId, {
      title: channel.title,
      hidden: channel.hiddenSubscribers,
      subscribers: channel.hiddenSubscribers ? null : String(rounded),
      videos: String(published.length),
      views: String(published.reduce((sum, upload) => sum + this.viewsOf(upload, at), 0)),
    })
  }

  private viewsOf(upload: SimulatedUpload, at: number): number {
    return Math.floor(5_000 * Math.log1p(Math.max(0, at - upload.publishedAt) / HOUR))
  }

  private videoResource(channel: SimulatedChannel, upload: SimulatedUpload, at: number): ApiResource {
    const views = this.viewsOf(upload, at)
    return {
      kind: 'youtube#video',
      id: upload.videoId,
      snippet: {
        publishedAt: new Date(upload.publishedAt).toISOString(), channelId: channel.channelId, title: `Video ${upload.videoId}`, description: '',
        thumbnails: { high: { url: `https://i.ytimg.com/vi/${upload.videoId}/hqdefault.jpg` } }, liveBroadcastContent: 'none',
      },
      contentDetails: { duration: `PT${Math.floor(upload.durationSeconds / 60)}M${upload.durationSeconds % 60}S` },
      statistics: { viewCount: String(views), likeCount: String(Math.floor(views / 25)), commentCount: String(Math.floor(views / 400)) },
    }
  }
}
