import type { FakeAnswer, FakeTwitchServer, RecordedRequest } from '../../platforms/twitch/fake-twitch-server.ts'
import { seededRandom } from '../seeded-random.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** How often a channel goes live: nearly every day, a few times a week, about weekly, or not any more. */
export type StreamingHabit = 'daily' | 'few-weekly' | 'weekly' | 'dormant'

/** A tracker's channels are ones people follow: more of them stream than Twitch's average channel. */
export const DEFAULT_HABIT_SHARES: Record<StreamingHabit, number> = { 'daily': 0.15, 'few-weekly': 0.35, 'weekly': 0.3, 'dormant': 0.2 }

/** The chance that a channel streams on a given day of its own. */
const STREAM_DAY_CHANCE: Record<StreamingHabit, number> = { 'daily': 0.9, 'few-weekly': 3.5 / 7, 'weekly': 1 / 7, 'dormant': 0 }
/** A stream that crashed or restarted: a few minutes live, then a new stream id. */
const FALSE_START_CHANCE = 0.05
/** Share of channels that keep past broadcasts (archive videos); the others have none to merge. */
const KEEPS_ARCHIVES_SHARE = 0.85

const GAMES = ['Just Chatting', 'Minecraft', 'Fortnite', 'League of Legends', 'Valorant', 'Elden Ring', 'Chess', 'Art', 'Music', 'Software and Game Development']

export interface SimulatedStream {
  streamId: string
  /** Whole seconds, as Helix tells them. */
  startedAt: number
  endedAt: number
  title: string
  game: string
  /** Viewers on a typical minute once the audience has arrived. */
  baseViewers: number
  /** Period of the slow swell and ebb of the audience, in minutes. */
  wavePeriodMinutes: number
  /** The archive video (VOD), when the channel keeps them. */
  archiveVideoId: string | null
}

export interface SimulatedTwitchChannel {
  index: number
  userId: string
  login: string
  habit: StreamingHabit
  /** Hours from UTC of the channel's streamer. */
  utcOffsetHours: number
  /** Oldest first; they never overlap. */
  streams: SimulatedStream[]
  followersAtStart: number
  /** Relative follower growth per day (streaming channels gain, dormant ones drift). */
  followerGrowthPerDay: number
  partner: boolean
  createdAt: number
}

/** What the samples should say of a stream: per-minute truth. */
export interface StreamTruth {
  durationSeconds: number
  peakViewers: number
  averageViewers: number
}

export interface SimulatedTwitchWorldOptions {
  channels: number
  /** The first instant the sync runs. */
  start: Date
  /** Streams are generated this far back (archives to find, streams live at the start)… */
  historyDays?: number
  /** …and this far ahead. */
  days: number
  seed?: number
  habitShares?: Record<StreamingHabit, number>
}

/** A value in [0, 1) fixed by two integers: the minute-to-minute jitter of a stream's viewers. */
function jitter(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9E3779B9, 0x85EBCA6B) ^ Math.imul(b + 0x632BE5AB, 0xC2B2AE35)
  h = Math.imul(h ^ (h >>> 16), 0x7FEB352D)
  h = Math.imul(h ^ (h >>> 15), 0x846CA68B)
  return ((h ^ (h >>> 16)) >>> 0) / 4_294_967_296
}

function habitOf(draw: number, shares: Record<StreamingHabit, number>): StreamingHabit {
  let cumulative = 0
  for (const habit of ['daily', 'few-weekly', 'weekly', 'dormant'] as const) {
    cumulative += shares[habit]
    if (draw < cumulative) return habit
  }
  return 'dormant'
}

/** Where streamers live: the Americas, Europe, Asia and Oceania, as hours from UTC. */
function utcOffsetOf(draw: number): number {
  if (draw < 0.45) return -8 + Math.floor((draw / 0.45) * 6)
  if (draw < 0.8) return Math.floor(((draw - 0.45) / 0.35) * 4)
  return 5 + Math.floor(((draw - 0.8) / 0.2) * 6)
}

/** A standard normal draw (Box–Muller). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

/** Helix's video duration: "3h8m33s", "45m2s", "12s". */
export function twitchDurationOf(seconds: number): string {
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  return `${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${s}s`
}

/**
 * A deterministic world of Twitch channels that go live on their own habits (at plausible local
 * hours, for 1–8 hours, now and then after a false start), with audiences that arrive, swell and
 * leave, and follower counts that grow. Served by the fake Twitch as the simulated clock moves:
 * users, streams (those live at that instant), archive videos and follower totals.
 */
export class SimulatedTwitchWorld {
  readonly channels: SimulatedTwitchChannel[]
  private readonly byUserId: Map<string, SimulatedTwitchChannel>
  private readonly truths = new Map<string, StreamTruth>()
  private readonly options: SimulatedTwitchWorldOptions

  constructor(options: SimulatedTwitchWorldOptions) {
    this.options = options
    const random = seededRandom(options.seed ?? 20_300_501)
    const shares = options.habitShares ?? DEFAULT_HABIT_SHARES
    const from = options.start.getTime() - (options.historyDays ?? 3) * DAY
    const to = options.start.getTime() + options.days * DAY
    this.channels = Array.from({ length: options.channels }, (_, index) => {
      const habit = habitOf(random(), shares)
      const utcOffsetHours = utcOffsetOf(random())
      // Most go live in the afternoon or evening, their own time; the usual length is theirs too.
      const usualStartHour = 11 + random() * 11
      const usualHours = habit === 'daily' ? 2 + random() * 5 : 1 + random() * 4
      const medianViewers = Math.max(1, Math.round(Math.exp(Math.log(30) + 1.5 * normal(random))))
      const keepsArchives = random() < KEEPS_ARCHIVES_SHARE
      const channel: SimulatedTwitchChannel = {
        index,
        userId: String(400_000_000 + index),
        login: `streamer_${String(index + 1).padStart(5, '0')}`,
        habit,
        utcOffsetHours,
        streams: [],
        followersAtStart: Math.round(medianViewers * (40 + random() * 200) + random() * 500),
        followerGrowthPerDay: habit === 'dormant' ? (random() - 0.7) * 0.0005 : 0.0005 + random() * 0.006,
        partner: medianViewers > 500,
        createdAt: Date.UTC(2012, 0, 1) + Math.floor(random() * 12 * 365) * DAY,
      }
      const addStream = (startedAt: number, endedAt: number) => {
        const seq = channel.streams.length
        const streamId = String(300_000_000_000 + index * 10_000 + seq)
        channel.streams.push({
          streamId,
          startedAt,
          endedAt,
          title: `${channel.login} live #${seq + 1}`,
          game: GAMES[Math.floor(random() * GAMES.length)]!,
          baseViewers: Math.max(1, Math.round(medianViewers * (0.7 + random() * 0.6))),
          wavePeriodMinutes: 60 + Math.floor(random() * 90),
          archiveVideoId: keepsArchives ? String(2_000_000_000 + index * 10_000 + seq) : null,
        })
      }
      // Day by day of the streamer's own calendar.
      const localDay = (at: number) => Math.floor((at + utcOffsetHours * HOUR) / DAY)
      let lastEnd = Number.NEGATIVE_INFINITY
      for (let day = localDay(from); day <= localDay(to); day++) {
        if (random() >= STREAM_DAY_CHANCE[habit]) continue
        const localStart = day * DAY + (usualStartHour + 0.75 * normal(random)) * HOUR
        const startedAt = Math.round((localStart - utcOffsetHours * HOUR) / 1000) * 1000
        const hours = Math.min(8, Math.max(1, usualHours * (0.6 + random() * 0.8)))
        const endedAt = startedAt + Math.round(hours * 3600) * 1000
        const falseStart = random() < FALSE_START_CHANCE
        const falseStartMinutes = 2 + random() * 10
        const gapMinutes = 1 + random() * 4
        const firstStart = falseStart ? startedAt - Math.round((falseStartMinutes + gapMinutes) * 60) * 1000 : startedAt
        if (firstStart < lastEnd + HOUR || firstStart < from || endedAt > to) continue
        if (falseStart) addStream(firstStart, firstStart + Math.round(falseStartMinutes * 60) * 1000)
        addStream(startedAt, endedAt)
        lastEnd = endedAt
      }
      return channel
    })
    this.byUserId = new Map(this.channels.map(channel => [channel.userId, channel]))
  }

  /** The channel's stream live at `at`, if any. */
  liveStreamOf(channel: SimulatedTwitchChannel, at: number): SimulatedStream | undefined {
    for (const stream of channel.streams) {
      if (stream.startedAt > at) return undefined
      if (at < stream.endedAt) return stream
    }
    return undefined
  }

  /**
   * Viewers watching at `at`: the audience arrives over the first 25 minutes, swells and ebbs
   * slowly, leaves over the last 15, and jitters a few percent from minute to minute (Helix
   * refreshes viewer_count about once a minute, so one minute has one count).
   */
  viewersAt(stream: SimulatedStream, at: number): number {
    const minute = Math.floor((at - stream.startedAt) / MINUTE)
    const lengthMinutes = (stream.endedAt - stream.startedAt) / MINUTE
    const arriving = Math.min(1, 0.3 + 0.7 * minute / 25)
    const leaving = Math.min(1, 0.5 + 0.5 * (lengthMinutes - minute) / 15)
    const wave = 1 + 0.15 * Math.sin(2 * Math.PI * minute / stream.wavePeriodMinutes)
    const noise = 1 + 0.1 * (jitter(Number(stream.streamId) % 2_147_483_647, minute) - 0.5)
    return Math.max(0, Math.round(stream.baseViewers * arriving * leaving * wave * noise))
  }

  /** Duration and per-minute peak and average viewers of a stream, as a perfect observer saw it. */
  truthOf(stream: SimulatedStream): StreamTruth {
    let truth = this.truths.get(stream.streamId)
    if (!truth) {
      const lengthMs = stream.endedAt - stream.startedAt
      let peak = 0
      let viewerMs = 0
      for (let offset = 0; offset < lengthMs; offset += MINUTE) {
        const viewers = this.viewersAt(stream, stream.startedAt + offset)
        peak = Math.max(peak, viewers)
        viewerMs += viewers * Math.min(MINUTE, lengthMs - offset)
      }
      truth = { durationSeconds: lengthMs / 1000, peakViewers: peak, averageViewers: Math.round(viewerMs / lengthMs) }
      this.truths.set(stream.streamId, truth)
    }
    return truth
  }

  followersAt(channel: SimulatedTwitchChannel, at: number): number {
    const days = (at - this.options.start.getTime()) / DAY
    return Math.max(0, Math.floor(channel.followersAtStart * (1 + channel.followerGrowthPerDay * days)))
  }

  /** Serves the world on the fake Twitch, as it stands at `now()`. */
  serveOn(fake: FakeTwitchServer, now: () => number): void {
    fake.route('/helix/users', request => this.usersAnswer(request))
    fake.route('/helix/streams', request => this.streamsAnswer(request, now()))
    fake.route('/helix/videos', request => this.videosAnswer(request, now()))
    fake.route('/helix/channels/followers', (request) => {
      const channel = this.byUserId.get(request.query.get('broadcaster_id') ?? '')
      if (!channel) return { status: 400, body: { error: 'Bad Request', status: 400, message: 'Invalid broadcaster_id' } }
      return { body: { total: this.followersAt(channel, now()), data: [], pagination: {} } }
    })
  }

  private usersAnswer(request: RecordedRequest): FakeAnswer {
    const channels = [
      ...request.query.getAll('id').map(id => this.byUserId.get(id)),
      ...request.query.getAll('login').map(login => this.channels.find(channel => channel.login === login)),
    ].filter(channel => channel !== undefined)
    return {
      body: {
        data: channels.map(channel => ({
          id: channel.userId,
          login: channel.login,
          display_name: channel.login.replace('streamer_', 'Streamer'),
          type: '',
          broadcaster_type: channel.partner ? 'partner' : 'affiliate',
          description: `Streams ${channel.habit === 'daily' ? 'every day' : channel.habit === 'dormant' ? 'no more' : 'now and then'}.`,
          profile_image_url: `https://static-cdn.jtvnw.net/jtv_user_pictures/${channel.login}-profile_image-300x300.png`,
          offline_image_url: '',
          view_count: 0,
          created_at: new Date(channel.createdAt).toISOString().replace('.000Z', 'Z'),
        })),
      },
    }
  }

  private streamsAnswer(request: RecordedRequest, at: number): FakeAnswer {
    const live = request.query.getAll('user_id').flatMap((userId) => {
      const channel = this.byUserId.get(userId)
      const stream = channel && this.liveStreamOf(channel, at)
      return channel && stream ? [{ channel, stream, viewers: this.viewersAt(stream, at) }] : []
    })
    // Helix lists live streams by viewers, most first.
    live.sort((a, b) => b.viewers - a.viewers)
    return {
      body: {
        data: live.map(({ channel, stream, viewers }) => ({
          id: stream.streamId,
          user_id: channel.userId,
          user_login: channel.login,
          user_name: channel.login,
          game_id: String(GAMES.indexOf(stream.game) + 1),
          game_name: stream.game,
          type: 'live',
          title: stream.title,
          tags: ['English'],
          viewer_count: viewers,
          started_at: new Date(stream.startedAt).toISOString().replace('.000Z', 'Z'),
          language: 'en',
          thumbnail_url: `https://static-cdn.jtvnw.net/previews-ttv/live_user_${channel.login}-{width}x{height}.jpg`,
          tag_ids: [],
          is_mature: false,
        })),
        pagination: {},
      },
    }
  }

  /** Archive videos exist from a stream's start (growing while it runs), newest first, one page of 100. */
  private videosAnswer(request: RecordedRequest, at: number): FakeAnswer {
    const channel = this.byUserId.get(request.query.get('user_id') ?? '')
    if (!channel) return { status: 400, body: { error: 'Bad Request', status: 400, message: 'Invalid user_id' } }
    const first = Math.min(100, Number(request.query.get('first') ?? 20))
    const archived = channel.streams.filter(stream => stream.archiveVideoId !== null && stream.startedAt <= at).reverse().slice(0, first)
    return {
      body: {
        data: archived.map((stream) => {
          const created = new Date(stream.startedAt).toISOString().replace('.000Z', 'Z')
          const seconds = Math.round((Math.min(at, stream.endedAt) - stream.startedAt) / 1000)
          return {
            id: stream.archiveVideoId,
            stream_id: stream.streamId,
            user_id: channel.userId,
            user_login: channel.login,
            user_name: channel.login,
            title: stream.title,
            description: '',
            created_at: created,
            published_at: created,
            url: `https://www.twitch.tv/videos/${stream.archiveVideoId}`,
            thumbnail_url: `https://static-cdn.jtvnw.net/cf_vods/${stream.archiveVideoId}/thumb/thumb0-%{width}x%{height}.jpg`,
            viewable: 'public',
            view_count: Math.round(stream.baseViewers * 1.5 * Math.log1p(Math.max(0, at - stream.startedAt) / HOUR)),
            language: 'en',
            type: 'archive',
            duration: twitchDurationOf(seconds),
            muted_segments: null,
          }
        }),
        pagination: {},
      },
    }
  }
}
