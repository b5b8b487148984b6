import type { Db } from 'mongodb'
import { collectionsOf } from '../../../../server/db/index.ts'
import { checkYoutubeUploads, runYoutubeSync, type YoutubeConnectorFactory, type YoutubeSyncCounts } from '../../../../server/sync/youtube/index.ts'
import { youtubeQuotaLedger } from '../../../../server/sync/index.ts'
import type { FakeYoutubeServer } from '../../platforms/youtube/fake-youtube-server.ts'
import { seedCreators } from './youtube-sync-harness.ts'
import type { SimulatedYoutubeWorld } from './simulated-youtube-world.ts'

const MINUTE = 60_000
const STEP_MS = 15 * MINUTE
const ACTIVE_WINDOW_MS = 48 * 60 * MINUTE

export interface SyncSimulationOptions {
  db: Db
  world: SimulatedYoutubeWorld
  fake: FakeYoutubeServer
  /** The connector of one run, on the simulation's clock. */
  connect: (now: () => Date) => YoutubeConnectorFactory
  start: Date
  /**
   * Synced before measuring: at least the first run, which reads every channel's history (15
   * videos each); a day lets every cadence reach its rhythm.
   */
  warmupMs: number
  days: number
  /** After each task run, e.g. to print progress. */
  onStep?: (at: Date, task: 'sync' | 'uploads', counts: YoutubeSyncCounts) => void
}

export interface SyncSimulationReport {
  channels: number
  days: number
  unitsSpent: number
  unitsPerChannelDay: number
  apiCallsPerMinute: number
  feedReadsPerMinute: number
  /** Pairs (30-minute run, channel that published in the 48 h before it) measured… */
  activeChannelRuns: number
  /** …and how many of them the run did not refresh; the target is 0. */
  activeChannelRunsMissed: number
  /** The longest a channel that published in the last 48 h went without a refresh, at any run. */
  maxActiveStalenessMs: number
  uploadsPublished: number
  uploadsFound: number
  /** From a video's publication to its event, at most (uploads published up to the last sync run). */
  maxUploadDelayMs: number
  errors: number
  wallTimeMs: number
}

/**
 * A simulated stretch of the schedule: `youtube:sync` at :00 and :30, the upload check at :15 and
 * :45, on a clock that jumps 15 minutes a step, against the world served by the fake YouTube.
 * Measures the target over the days after the warm-up.
 */
export async function simulateYoutubeSync(options: SyncSimulationOptions): Promise<SyncSimulationReport> {
  const { db, world, fake, start, warmupMs, days } = options
  const began = performance.now()
  let time = start.getTime()
  const now = () => new Date(time)
  world.serveOn(fake, now)
  const creatorIds = await seedCreators(db, world.channels.map(channel => ({ channelId: channel.channelId, title: channel.title })), now())
  const ledger = youtubeQuotaLedger(db, { now })
  const warmupSteps = Math.max(1, Math.ceil(warmupMs / STEP_MS))
  const measureFrom = start.getTime() + warmupSteps * STEP_MS
  const steps = warmupSteps + days * 24 * 4
  const report = { unitsSpent: 0, apiCalls: 0, feedReads: 0, activeChannelRuns: 0, activeChannelRunsMissed: 0, maxActiveStalenessMs: 0, errors: 0 }

  for (let step = 0; step < steps; step++) {
    time = start.getTime() + step * STEP_MS
    const measuring = time >= measureFrom
    const requestsBefore = fake.requests.length
    const task = step % 2 === 0 ? 'sync' : 'uploads'
    const run = task === 'sync' ? runYoutubeSync : checkYoutubeUploads
    const counts = await run(db, { connect: options.connect(now), ledger, now })
    options.onStep?.(now(), task, counts)
    const requests = fake.requests.splice(requestsBefore)
    if (!measuring) continue
    report.unitsSpent += counts.unitsSpent
    report.errors += counts.errors
    report.apiCalls += requests.filter(request => request.endpoint !== 'feed').length
    report.feedReads += requests.filter(request => request.endpoint === 'feed').length
    if (task === 'sync') await measureActiveRefreshes(db, world, time, report)
  }
  fake.requests.length = 0

  // A quiet channel's upload is found by the first sync run after it: those after the last sync run are not counted.
  const lastSyncAt = start.getTime() + ((steps - 1) - ((steps - 1) % 2)) * STEP_MS
  const uploads = world.channels.flatMap(channel => channel.uploads
    .filter(upload => upload.publishedAt >= measureFrom && upload.publishedAt <= lastSyncAt)
    .map(upload => ({ creatorId: creatorIds.get(channel.channelId)!, upload })))
  const events = new Map((await collectionsOf(db).timelineEvents.find(
    { platform: 'youtube', publishedAt: { $gte: new Date(measureFrom) } },
    { projection: { _id: 0, platformEventId: 1, createdAt: 1 } },
  ).toArray()).map(event => [event.platformEventId, event.createdAt.getTime()]))
  const delays = uploads.flatMap(({ upload }) => events.has(upload.videoId) ? [events.get(upload.videoId)! - upload.publishedAt] : [])

  return {
    channels: world.channels.length,
    days,
    unitsSpent: report.unitsSpent,
    unitsPerChannelDay: report.unitsSpent / (world.channels.length * days),
    apiCallsPerMinute: report.apiCalls / (days * 24 * 60),
    feedReadsPerMinute: report.feedReads / (days * 24 * 60),
    activeChannelRuns: report.activeChannelRuns,
    activeChannelRunsMissed: report.activeChannelRunsMissed,
    maxActiveStalenessMs: report.maxActiveStalenessMs,
    uploadsPublished: uploads.length,
    uploadsFound: delays.length,
    maxUploadDelayMs: Math.max(0, ...delays),
    errors: report.errors,
    wallTimeMs: performance.now() - began,
  }
}

/** After a sync run at `at`: was every channel that published in the 48 h before refreshed by it? */
async function measureActiveRefreshes(db: Db, world: SimulatedYoutubeWorld, at: number, report: { activeChannelRuns: number, activeChannelRunsMissed: number, maxActiveStalenessMs: number }): Promise<void> {
  const refreshedAt = new Map((await collectionsOf(db).youtubeChannelSync.find({}, { projection: { statsCheckedAt: 1 } }).toArray())
    .map(state => [state._id, state.statsCheckedAt?.getTime() ?? Number.NEGATIVE_INFINITY]))
  for (const channel of world.channels) {
    const lastUploadAt = world.lastUploadAt(channel, at)
    if (lastUploadAt === null || at - lastUploadAt >= ACTIVE_WINDOW_MS) continue
    const staleness = at - (refreshedAt.get(channel.channelId) ?? Number.NEGATIVE_INFINITY)
    report.activeChannelRuns += 1
    if (staleness > 0) report.activeChannelRunsMissed += 1
    report.maxActiveStalenessMs = Math.max(report.maxActiveStalenessMs, staleness)
  }
}
