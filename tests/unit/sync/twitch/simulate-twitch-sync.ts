import type { Db } from 'mongodb'
import { collectionsOf } from '../../../../server/db/index.ts'
import { upsertCreators, type CreatorInput, type PipelineChange } from '../../../../server/domain/index.ts'
import { createTwitchConnector } from '../../../../server/platforms/twitch/index.ts'
import { runTwitchLive, runTwitchSync, type TwitchLiveCounts, type TwitchSyncCounts } from '../../../../server/sync/twitch/index.ts'
import { DEFAULT_TWITCH_FOLLOWER_CADENCE, type FollowerTier } from '../../../../server/sync/twitch/follower-cadence.ts'
import { followerTierNow } from '../../../../server/sync/twitch/follower-plan.ts'
import { groupSessionsByUser } from '../../../../server/sync/twitch/live-creator-flags.ts'
import { liveSessionsOf } from '../../../../server/sync/twitch/live-session-store.ts'
import { trackedTwitchCreators } from '../../../../server/sync/twitch/tracked-twitch-creators.ts'
import { startOfUtcDay } from '../../../../server/domain/utc-day.ts'
import type { EndpointUsage, FakeTwitchServer } from '../../platforms/twitch/fake-twitch-server.ts'
import type { SimulatedStream, SimulatedTwitchChannel, SimulatedTwitchWorld, StreamTruth } from './simulated-twitch-world.ts'

const MINUTE = 60_000
/** twitch:live runs every 5 minutes; twitch:sync every 30, on the same ticks (the schedule's crons). */
const LIVE_EVERY_MS = 5 * MINUTE
const SYNC_EVERY_LIVE_RUNS = 6
export const SYNC_EVERY_MS = SYNC_EVERY_LIVE_RUNS * LIVE_EVERY_MS
/** Helix's bucket: 800 points a minute for an app token. */
export const HELIX_POINTS_PER_MINUTE = 800
/** A poll every 5 minutes sees every stream that lasts this long, whenever it starts. */
export const SURELY_SEEN_MS = 10 * MINUTE
/** A polled end is the last poll that saw the stream: up to one poll interval early. */
export const DURATION_TOLERANCE_MS = LIVE_EVERY_MS
/**
 * Samples every 5 minutes against a per-minute truth: the peak falls between samples and the
 * first minutes (the audience arriving) are never sampled. Relative to the truth, or to 10 viewers
 * for smaller audiences (one viewer more is not a 20 % error); judged on streams of an hour or
 * more that started while the simulation ran.
 */
export const VIEWERS_TOLERANCE = 0.15
const VIEWERS_JUDGED_FROM_MS = 60 * MINUTE
const SMALL_AUDIENCE = 10

export interface TwitchSimulationOptions {
  db: Db
  world: SimulatedTwitchWorld
  fake: FakeTwitchServer
  start: Date
  /** Run before measuring: the first sync writes every profile, and streams already live are picked up. */
  warmupMs: number
  measureMs: number
  /** After each tick, e.g. to print progress. */
  onStep?: (at: Date, live: TwitchLiveCounts, sync: TwitchSyncCounts | undefined) => void
}

/** Worst and 95th-percentile of an error, and how many of the judged were within tolerance. */
export interface ErrorSpread {
  judged: number
  withinTolerance: number
  p95: number
  max: number
}

/** How old the stored followers of a tier's channels were when a sync run started. */
export interface FollowerStaleness {
  /** Channel-runs judged: a channel counts in the tier the previous run gave it, which set its cadence. */
  judged: number
  maxMs: number
}

export interface TwitchSimulationReport {
  channels: number
  measuredMinutes: number
  liveRuns: number
  syncRuns: number
  calls: number
  points: number
  /** 429 answers: the gate should keep this at 0. */
  refused: number
  byEndpoint: Record<string, EndpointUsage>
  pointsPerMinute: { average: number, peak: number, peakAt: Date | null }
  callsPerMinute: { average: number, peak: number }
  pointsPerChannelDay: number
  /** Streams live at some moment of the measured stretch. */
  streamed: number
  detected: number
  /** Streams that lasted SURELY_SEEN_MS or more and were never seen: the target is 0. */
  missedLong: number
  /** Shorter ones never seen (a 5-minute poll can miss them). */
  missedShort: number
  /** From a stream's start (one started in the measured stretch) to the moment the live run showed its creator live. */
  maxStartDelayMs: number
  /** Streams that ended in the measured stretch early enough for a poll to see it… */
  ended: number
  /** …whose end no run noticed. */
  endsMissed: number
  maxEndDelayMs: number
  /** Stream events of those ended streams: written, and how close to the truth. */
  eventsExpected: number
  eventsWritten: number
  /** |event duration − true duration|, in ms; tolerance DURATION_TOLERANCE_MS. */
  durationError: ErrorSpread
  /** Relative errors of peak, average viewers and hours watched (streams of an hour or more); tolerance VIEWERS_TOLERANCE. */
  peakError: ErrorSpread
  averageError: ErrorSpread
  hoursWatchedError: ErrorSpread
  /** Archive videos merged into those events, of the ones the channels keep. */
  archivesMerged: number
  archivesExpected: number
  /** Creators whose stored followers are not the world's during the sync run that observed them (or never observed). */
  followersWrong: number
  /** Measured sync runs' staleness of the stored followers, by tier (active: live or streamed within 48 h). */
  followerStaleness: Record<FollowerTier, FollowerStaleness>
  /** Follower calls made by the measured sync runs, and due channels they left to a later run (over a run's cap). */
  followerCalls: number
  followersWaiting: number
  /** Channel-days of the measured stretch (each UTC day a sync ran in) without a Twitch snapshot: the target is 0. */
  snapshotDaysMissing: number
  /** Twitch snapshots whose followers are not the world's during the run that observed them: a stale total dated later. */
  snapshotsWrong: number
  /** Errors the runs counted, warm-up included, and the first few of them. */
  errors: number
  errorSamples: string[]
  wallTimeMs: number
}

/** A tracker that has run for days knows each channel's last stream (the world's history before `before`). */
function trackedCreatorInput(channel: SimulatedTwitchChannel, before: number): CreatorInput {
  const lastStream = channel.streams.filter(stream => stream.startedAt < before).at(-1)
  return {
    name: channel.login, description: '', category: 'gaming', avatarUrl: '', bannerUrl: '',
    platforms: {
      twitch: {
        userId: channel.userId, login: channel.login, displayName: channel.login, followers: null, videos: null,
        isLive: false, lastStreamAt: lastStream ? new Date(lastStream.startedAt) : null, verified: false, joinedAt: new Date(channel.createdAt),
      },
    },
    dataSource: 'platform-api',
  }
}

function spreadOf(errors: number[], tolerance: number): ErrorSpread {
  const sorted = [...errors].sort((a, b) => a - b)
  return {
    judged: sorted.length,
    withinTolerance: sorted.filter(error => error <= tolerance).length,
    p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0,
    max: sorted.at(-1) ?? 0,
  }
}

function relativeError(measured: number | null | undefined, truth: number, floor: number): number {
  if (measured === null || measured === undefined) return Number.POSITIVE_INFINITY
  return Math.abs(measured - truth) / Math.max(truth, floor)
}

/**
 * A simulated stretch of the Twitch schedule: `twitch:live` every 5 minutes and `twitch:sync` every
 * 30, sharing one connector (one token, one rate-limit gate) as the server's tasks do, against the
 * world served by the fake Twitch with a real points bucket. The clock is simulated: calls take no
 * time, so bursts are as steep as they can be (the hardest case for the bucket), and the
 * connector's waits for the bucket move the clock instead of sleeping. On the half hours both
 * tasks fire; the live run goes first: at Helix's ~100 ms a call its dozen calls are done within
 * seconds, while the sync paces its follower calls (see follower-cadence.ts) for a minute or two.
 * A sync run longer than 5 minutes does not delay the next live runs: they run in its paced
 * pauses, as the server's tasks run side by side.
 */
export async function simulateTwitchSync(options: TwitchSimulationOptions): Promise<TwitchSimulationReport> {
  const { db, world, fake, start, warmupMs, measureMs } = options
  const began = performance.now()
  let time = start.getTime()
  const now = () => time
  world.serveOn(fake, now)
  fake.limitPoints({ now, size: HELIX_POINTS_PER_MINUTE })
  const seededAt = time - 60 * MINUTE
  await upsertCreators(db, world.channels.map(channel => trackedCreatorInput(channel, seededAt)), { at: new Date(seededAt) })

  // A wait for the bucket's reset (or a backoff, or the sync's pace) moves the simulated clock instead of sleeping.
  const sleep = async (ms: number) => {
    time += Math.max(0, ms)
  }
  const connector = createTwitchConnector({ apiBase: fake.apiBase, authBase: fake.authBase, clientId: fake.clientId, clientSecret: fake.clientSecret, now, sleep })
  const errorSamples: string[] = []
  let errors = 0
  const reportError = (error: unknown) => {
    if (errorSamples.length < 5) errorSamples.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error))
  }
  const runOptions = { connector, now: () => new Date(time), reportError }

  const warmupTicks = Math.ceil(warmupMs / LIVE_EVERY_MS)
  const measureFrom = start.getTime() + warmupTicks * LIVE_EVERY_MS
  const ticks = warmupTicks + Math.ceil(measureMs / LIVE_EVERY_MS)
  const tickAt = (tick: number) => start.getTime() + tick * LIVE_EVERY_MS
  const lastTickAt = tickAt(ticks - 1)
  const firstSeenAt = new Map<string, number>()
  const endSeenAt = new Map<string, number>()
  let liveRuns = 0
  let syncRunsMeasured = 0
  /** Each sync run's start (its `at`, the observedAt it writes) and end. */
  const syncRuns = new Map<number, number>()
  let previousTiers = new Map<string, FollowerTier>()
  const followerStaleness: Record<FollowerTier, FollowerStaleness> = { active: { judged: 0, maxMs: 0 }, quiet: { judged: 0, maxMs: 0 } }
  let followerCalls = 0
  let followersWaiting = 0
  let nextTick = 0

  /** twitch:live of one tick, at its scheduled time (or later, when the clock is already past it). */
  async function liveTick(tick: number): Promise<TwitchLiveCounts> {
    time = Math.max(time, tickAt(tick))
    if (tickAt(tick) === measureFrom) fake.clearUsage()
    // When the live run wrote each creator (its live flags, its stream events): what the site shows from then on.
    const shownAt = new Map<string, number>()
    const onChange = (change: PipelineChange) => {
      if (change.kind === 'creator') shownAt.set(change.creatorId, time)
    }
    const counts = await runTwitchLive(db, { ...runOptions, onChange })
    errors += counts.errors
    if (tickAt(tick) >= measureFrom) liveRuns += 1
    await observeSessions(db, shownAt, time, firstSeenAt, endSeenAt)
    return counts
  }

  // A sync run that outlasts a live tick does not hold it up: the tasks run side by side on the
  // server. The ticks that fall in the sync's paced pauses run there, one at a time.
  let liveTickRunning: Promise<unknown> | undefined
  const syncSleep = async (ms: number) => {
    const wakeAt = time + Math.max(0, ms)
    while (nextTick < ticks && tickAt(nextTick) <= wakeAt) {
      if (liveTickRunning) {
        await liveTickRunning
        continue
      }
      const tick = nextTick++
      liveTickRunning = liveTick(tick).then(counts => options.onStep?.(new Date(tickAt(tick)), counts, undefined))
      await liveTickRunning
      liveTickRunning = undefined
    }
    time = Math.max(time, wakeAt)
  }
  const syncOptions = { ...runOptions, sleep: syncSleep }

  while (nextTick < ticks) {
    const tick = nextTick++
    const liveCounts = await liveTick(tick)
    // A sync tick that came while the previous sync still ran is skipped, as its task lock would.
    const syncing = tick % SYNC_EVERY_LIVE_RUNS === 0
    let syncCounts: TwitchSyncCounts | undefined
    if (syncing) {
      const syncFrom = time
      const measuring = tickAt(tick) >= measureFrom
      previousTiers = await judgeFollowerStaleness(db, new Date(syncFrom), previousTiers, measuring ? followerStaleness : undefined)
      syncCounts = await runTwitchSync(db, syncOptions)
      syncRuns.set(syncFrom, time)
      errors += syncCounts.errors
      if (measuring) {
        syncRunsMeasured += 1
        followerCalls += syncCounts.followersChecked
        followersWaiting += syncCounts.followersWaiting
      }
    }
    fake.requests.length = 0
    options.onStep?.(new Date(tickAt(tick)), liveCounts, syncCounts)
  }

  const usage = fake.usage()
  const measuredMinutes = (lastTickAt + LIVE_EVERY_MS - measureFrom) / MINUTE
  const perMinute = (counts: Map<number, number>) => [...counts.entries()].filter(([minute]) => minute >= measureFrom)
  const pointsByMinute = perMinute(usage.pointsByMinute)
  const peak = pointsByMinute.reduce<[number, number] | null>((best, entry) => (best === null || entry[1] > best[1] ? entry : best), null)
  const byEndpoint = Object.fromEntries([...usage.byPath.entries()].map(([path, endpointUsage]) => [path.replace('/helix', ''), endpointUsage]))
  const totals = [...usage.byPath.values()].reduce((sum, endpoint) => ({ calls: sum.calls + endpoint.calls, points: sum.points + endpoint.points, refused: sum.refused + endpoint.refused }), { calls: 0, points: 0, refused: 0 })

  const streams = await judgeStreams(db, world, { firstTickAt: start.getTime(), measureFrom, lastTickAt, firstSeenAt, endSeenAt })
  return {
    channels: world.channels.length,
    measuredMinutes,
    liveRuns,
    syncRuns: syncRunsMeasured,
    ...totals,
    byEndpoint,
    pointsPerMinute: { average: totals.points / measuredMinutes, peak: peak?.[1] ?? 0, peakAt: peak ? new Date(peak[0]) : null },
    callsPerMinute: { average: totals.calls / measuredMinutes, peak: Math.max(0, ...perMinute(usage.callsByMinute).map(([, calls]) => calls)) },
    pointsPerChannelDay: totals.points / world.channels.length / (measuredMinutes / (24 * 60)),
    ...streams,
    followersWrong: await countFollowersWrong(db, world, syncRuns),
    followerStaleness,
    followerCalls,
    followersWaiting,
    ...await judgeSnapshots(db, world, syncRuns, measureFrom),
    errors,
    errorSamples,
    wallTimeMs: performance.now() - began,
  }
}

/**
 * After a tick: streams shown live, or ended, for the first time, at the moment the live run wrote
 * their creator (`shownAt`; `otherwise` when it wrote nothing for it).
 */
async function observeSessions(db: Db, shownAt: Map<string, number>, otherwise: number, firstSeenAt: Map<string, number>, endSeenAt: Map<string, number>): Promise<void> {
  const { liveSessions } = collectionsOf(db)
  const projection = { _id: 0, streamId: 1, creatorId: 1 } as const
  for (const session of await liveSessions.find({ status: 'live' }, { projection }).toArray()) {
    if (!firstSeenAt.has(session.streamId)) firstSeenAt.set(session.streamId, shownAt.get(session.creatorId) ?? otherwise)
  }
  // A polled end is when the stream was last seen, which is at most a stale session's 30 minutes ago.
  for (const session of await liveSessions.find({ status: 'ended', endedAt: { $gte: new Date(otherwise - 60 * MINUTE) } }, { projection }).toArray()) {
    const at = shownAt.get(session.creatorId) ?? otherwise
    if (!firstSeenAt.has(session.streamId)) firstSeenAt.set(session.streamId, at)
    if (!endSeenAt.has(session.streamId)) endSeenAt.set(session.streamId, at)
  }
}

interface Sightings {
  firstTickAt: number
  measureFrom: number
  lastTickAt: number
  firstSeenAt: Map<string, number>
  endSeenAt: Map<string, number>
}

type StreamJudgement = Pick<TwitchSimulationReport,
  'streamed' | 'detected' | 'missedLong' | 'missedShort' | 'maxStartDelayMs' | 'ended' | 'endsMissed' | 'maxEndDelayMs'
  | 'eventsExpected' | 'eventsWritten' | 'durationError' | 'peakError' | 'averageError' | 'hoursWatchedError' | 'archivesMerged' | 'archivesExpected'>

/** Compares what the runs saw and wrote with the world's streams. */
async function judgeStreams(db: Db, world: SimulatedTwitchWorld, sightings: Sightings): Promise<StreamJudgement> {
  const { firstTickAt, measureFrom, lastTickAt, firstSeenAt, endSeenAt } = sightings
  const events = new Map((await collectionsOf(db).timelineEvents
    .find({ platform: 'twitch', type: 'stream' }, { projection: { _id: 0, platformEventId: 1, metrics: 1, media: 1 } })
    .toArray()).map(event => [event.platformEventId, event]))
  const streams: SimulatedStream[] = world.channels.flatMap(channel => channel.streams)
  const streamed = streams.filter(stream => stream.startedAt <= lastTickAt && stream.endedAt > measureFrom)
  const detected = streamed.filter(stream => firstSeenAt.has(stream.streamId))
  const missed = streamed.filter(stream => !firstSeenAt.has(stream.streamId))
  const surelySeen = (stream: SimulatedStream) => stream.endedAt - stream.startedAt >= SURELY_SEEN_MS && stream.startedAt <= lastTickAt - LIVE_EVERY_MS
  const startDelays = detected.filter(stream => stream.startedAt >= measureFrom).map(stream => firstSeenAt.get(stream.streamId)! - stream.startedAt)
  // Ended in the measured stretch, with a poll after the end.
  const ended = detected.filter(stream => stream.endedAt >= measureFrom && stream.endedAt <= lastTickAt - LIVE_EVERY_MS)
  const endDelays = ended.flatMap(stream => endSeenAt.has(stream.streamId) ? [endSeenAt.get(stream.streamId)! - stream.endedAt] : [])
  const written = ended.flatMap((stream) => {
    const event = events.get(stream.streamId)
    return event ? [{ stream, event, truth: world.truthOf(stream) }] : []
  })
  const judgedViewers = written.filter(({ stream }) => stream.startedAt >= firstTickAt && stream.endedAt - stream.startedAt >= VIEWERS_JUDGED_FROM_MS)
  // The archive is looked for at the 30-minute cadence: one of the last half hour may not be merged yet.
  const archivable = written.filter(({ stream }) => stream.archiveVideoId !== null && stream.endedAt <= lastTickAt - 35 * MINUTE)
  const hoursOf = (truth: StreamTruth) => truth.durationSeconds / 3600
  return {
    streamed: streamed.length,
    detected: detected.length,
    missedLong: missed.filter(surelySeen).length,
    missedShort: missed.filter(stream => !surelySeen(stream)).length,
    maxStartDelayMs: Math.max(0, ...startDelays),
    ended: ended.length,
    endsMissed: ended.length - endDelays.length,
    maxEndDelayMs: Math.max(0, ...endDelays),
    eventsExpected: ended.length,
    eventsWritten: written.length,
    durationError: spreadOf(written.map(({ event, truth }) => event.media.durationSeconds === null ? Number.POSITIVE_INFINITY : Math.abs(event.media.durationSeconds - truth.durationSeconds) * 1000), DURATION_TOLERANCE_MS),
    peakError: spreadOf(judgedViewers.map(({ event, truth }) => relativeError(event.metrics.peakViewers, truth.peakViewers, SMALL_AUDIENCE)), VIEWERS_TOLERANCE),
    averageError: spreadOf(judgedViewers.map(({ event, truth }) => relativeError(event.metrics.averageViewers, truth.averageViewers, SMALL_AUDIENCE)), VIEWERS_TOLERANCE),
    hoursWatchedError: spreadOf(judgedViewers.map(({ event, truth }) => relativeError(event.metrics.hoursWatched, truth.averageViewers * hoursOf(truth), SMALL_AUDIENCE * hoursOf(truth))), VIEWERS_TOLERANCE),
    archivesMerged: archivable.filter(({ stream, event }) => event.media.url?.endsWith(`/videos/${stream.archiveVideoId}`)).length,
    archivesExpected: archivable.length,
  }
}

/** Whether `followers` is the world's total at some moment of the sync run that started at `observedAt`. */
function observedInRun(world: SimulatedTwitchWorld, channel: SimulatedTwitchChannel, followers: number | null | undefined, observedAt: Date | undefined, syncRuns: Map<number, number>): boolean {
  const runEnd = observedAt && syncRuns.get(observedAt.getTime())
  if (typeof followers !== 'number' || !observedAt || runEnd === undefined) return false
  const [low, high] = [world.followersAt(channel, observedAt.getTime()), world.followersAt(channel, runEnd)].sort((a, b) => a - b)
  return followers >= low! && followers <= high!
}

/** Creators whose followers are not the world's total during the sync run that observed them (followersObservedAt). */
async function countFollowersWrong(db: Db, world: SimulatedTwitchWorld, syncRuns: Map<number, number>): Promise<number> {
  const stored = new Map((await collectionsOf(db).creators.find({}, { projection: { _id: 0, platforms: 1 } }).toArray())
    .map(creator => [creator.platforms.twitch?.userId, creator.platforms.twitch]))
  return world.channels.filter((channel) => {
    const twitch = stored.get(channel.userId)
    return !observedInRun(world, channel, twitch?.followers, twitch?.followersObservedAt, syncRuns)
  }).length
}

/**
 * Before a sync run: the age of each channel's stored followers, in the tier the previous run gave
 * it (the one that set when it was due), into `staleness` when measuring. Returns the tiers now.
 */
async function judgeFollowerStaleness(db: Db, at: Date, previousTiers: Map<string, FollowerTier>, staleness?: Record<FollowerTier, FollowerStaleness>): Promise<Map<string, FollowerTier>> {
  const sessions = groupSessionsByUser(await liveSessionsOf(db))
  const tiers = new Map<string, FollowerTier>()
  for (const creator of await trackedTwitchCreators(db)) {
    const { userId, followersObservedAt } = creator.platforms.twitch
    tiers.set(userId, followerTierNow(creator, sessions, at, DEFAULT_TWITCH_FOLLOWER_CADENCE))
    const tier = previousTiers.get(userId)
    if (!staleness || !tier) continue
    const ageMs = followersObservedAt ? at.getTime() - followersObservedAt.getTime() : Number.POSITIVE_INFINITY
    staleness[tier] = { judged: staleness[tier].judged + 1, maxMs: Math.max(staleness[tier].maxMs, ageMs) }
  }
  return tiers
}

/** Every channel's Twitch snapshot of every UTC day a measured sync ran in, each with the world's followers when observed. */
async function judgeSnapshots(db: Db, world: SimulatedTwitchWorld, syncRuns: Map<number, number>, measureFrom: number): Promise<Pick<TwitchSimulationReport, 'snapshotDaysMissing' | 'snapshotsWrong'>> {
  const snapshots = await collectionsOf(db).growthStats.find({ platform: 'twitch' }, { projection: { _id: 0 } }).toArray()
  const creatorIdOf = new Map((await collectionsOf(db).creators.find({}, { projection: { '_id': 0, 'creatorId': 1, 'platforms.twitch.userId': 1 } }).toArray())
    .map(creator => [creator.platforms.twitch?.userId, creator.creatorId]))
  const byChannel = new Map(world.channels.map(channel => [creatorIdOf.get(channel.userId), channel]))
  const days = new Set([...syncRuns.keys()].filter(from => from >= measureFrom).map(from => startOfUtcDay(new Date(from)).getTime()))
  const held = new Set(snapshots.map(snapshot => `${snapshot.creatorId}:${snapshot.date.getTime()}`))
  const missing = world.channels.flatMap(channel => [...days].filter(day => !held.has(`${creatorIdOf.get(channel.userId)}:${day}`)))
  const wrong = snapshots.filter((snapshot) => {
    const channel = byChannel.get(snapshot.creatorId)
    return !channel || !observedInRun(world, channel, snapshot.metrics.followers, snapshot.observedAt, syncRuns)
  })
  return { snapshotDaysMissing: missing.length, snapshotsWrong: wrong.length }
}
