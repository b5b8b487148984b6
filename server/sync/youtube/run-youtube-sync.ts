import type { Db } from 'mongodb'
import { IDS_PER_CALL } from '../../platforms/youtube/api-shapes.ts'
import type { ChangeListener } from '../../domain/index.ts'
import { isTimeBudgetSpent } from '../run-task.ts'
import type { RunPlan, YoutubeQuotaLedger } from '../youtube-quota-ledger.ts'
import { refreshChannelStats } from './channel-stats.ts'
import { metricsRefreshDue, noteMetricsRefreshed, videoRequestsToMake } from './recent-uploads.ts'
import { feedsDue, planStatsRefresh } from './refresh-plan.ts'
import { loadTrackedChannels, saveChannelStates, type TrackedChannel } from './tracked-channels.ts'
import { checkUploadFeeds, DEFAULT_FEED_CONCURRENCY, type NewUpload } from './upload-feeds.ts'
import { noteNewUploads } from './video-bookkeeping.ts'
import { syncVideos } from './video-events.ts'
import { cadenceWith, type YoutubeCadence } from './youtube-cadence.ts'
import { createYoutubeCalls, type YoutubeConnectorFactory } from './youtube-calls.ts'
import { createSyncRun, emptyCounts, type YoutubeSyncCounts, type YoutubeSyncRun } from './youtube-sync-run.ts'

const MINUTE = 60_000

/** How often the tasks run: the ledger shares the day's units among the runs left. */
export const YOUTUBE_SYNC_INTERVAL_MS = 30 * MINUTE
export const YOUTUBE_UPLOAD_CHECK_INTERVAL_MS = 15 * MINUTE
/** Units the scheduled runs leave each day for tracking new creators and push notifications. */
export const YOUTUBE_SYNC_RESERVE_UNITS = 1_000

export interface YoutubeSyncOptions {
  /** Builds the run's connector around the sync's unit counter (see YoutubeConnectorFactory). */
  connect: YoutubeConnectorFactory
  ledger: YoutubeQuotaLedger
  /** Read once: the run's instant. */
  now?: () => Date
  /** Units this run may spend; by default the ledger's share of what is left today (`budgetForRun`). */
  budgetUnits?: number
  /** For the ledger's share: how often this task runs, the daily limit, the reserve. */
  runPlan?: Partial<RunPlan>
  cadence?: Partial<YoutubeCadence>
  /** The task's signal (its lock was lost): the run stops before its next call or write. */
  signal?: AbortSignal
  /** Each error the run survives (one channel failing), e.g. the task's `reportError`. */
  onError?: (error: unknown) => void
  /** The pipeline's announcements, to purge caches or write the change journal. */
  onChange?: ChangeListener
  feedConcurrency?: number
}

type RunStep = (run: YoutubeSyncRun, feedConcurrency: number) => Promise<void>

/**
 * A run's frame: nothing at all while the quota is known to be exhausted; otherwise the budget,
 * the calls, the counts, and at the end every unit spent is in the ledger.
 */
async function runWithBudget(db: Db, options: YoutubeSyncOptions, intervalMs: number, step: RunStep): Promise<YoutubeSyncCounts> {
  const counts = emptyCounts()
  const at = (options.now ?? (() => new Date()))()
  const { ledger } = options
  if (await ledger.exhaustedUntil()) return { ...counts, quotaExhausted: 1 }
  const budget = options.budgetUnits ?? await ledger.budgetForRun({ intervalMs, reserve: YOUTUBE_SYNC_RESERVE_UNITS, ...options.runPlan })
  const calls = createYoutubeCalls({
    connect: options.connect,
    ledger,
    budget,
    onStop: (error) => {
      counts.quotaExhausted = calls.stopReason === 'quota' ? 1 : 0
      run.reportError(error)
    },
  })
  const run = createSyncRun({ db, at, cadence: cadenceWith(options.cadence), calls, counts, signal: options.signal, onError: options.onError, onChange: options.onChange })
  try {
    await step(run, options.feedConcurrency ?? DEFAULT_FEED_CONCURRENCY)
  }
  catch (error) {
    // Out of time: what was written stays, and the stalest channels come first in the next run.
    if (!isTimeBudgetSpent(options.signal)) throw error
  }
  finally {
    counts.unitsSpent = calls.unitsSpent
    counts.creatorsTouched = run.touchedCreators.size
    await calls.flush()
  }
  return counts
}

const callsFor = (ids: number) => Math.ceil(ids / IDS_PER_CALL)

/** videos.list for the new uploads and the recent uploads' metrics, then the bookkeeping of both. */
async function syncUploads(run: YoutubeSyncRun, channels: TrackedChannel[], newUploads: NewUpload[], { wholeCalls }: { wholeCalls: boolean }): Promise<void> {
  const refresh = await metricsRefreshDue(run, channels)
  const outcomes = await syncVideos(run, videoRequestsToMake(newUploads, refresh, { wholeCalls }))
  noteNewUploads(run, newUploads, outcomes)
  noteMetricsRefreshed(run, refresh, outcomes)
  run.checkSignal()
  await saveChannelStates(run.db, [...newUploads.map(upload => upload.channel), ...refresh.channels], run.at)
}

/**
 * The 30-minute YouTube sync: reads the feeds (free), refreshes the due channels' statistics and
 * profiles (today's snapshot), turns new uploads into events and refreshes the metrics of recent
 * ones, within the run's share of the day's quota. See youtube-cadence.ts for who is due.
 */
export async function runYoutubeSync(db: Db, options: YoutubeSyncOptions): Promise<YoutubeSyncCounts> {
  return runWithBudget(db, options, YOUTUBE_SYNC_INTERVAL_MS, async (run, feedConcurrency) => {
    const { at, cadence, calls } = run
    const channels = await loadTrackedChannels(db, at)
    const checkedFeeds = feedsDue(channels, at, cadence, YOUTUBE_SYNC_INTERVAL_MS)
    const newUploads = await checkUploadFeeds(run, checkedFeeds, feedConcurrency)

    // New uploads are what people look for first: their videos.list calls are kept aside.
    const reserved = callsFor(newUploads.length)
    const plan = planStatsRefresh(channels, at, cadence, calls.callsLeft(reserved))
    const stats = await refreshChannelStats(run, plan.channels, reserved)
    run.counts.channelsWaiting = plan.waiting + stats.unasked

    // A feed can lag behind the count for small channels; a rise is worth a second (free) look.
    const checked = new Set(checkedFeeds)
    newUploads.push(...await checkUploadFeeds(run, stats.videoCountRose.filter(channel => !checked.has(channel)), feedConcurrency))
    await syncUploads(run, channels, newUploads, { wholeCalls: true })
  })
}

/**
 * The 15-minute upload check: the feeds that are due (active channels' every 15 minutes, the
 * others' when the sync missed them) and videos.list for the videos they show that are not events
 * yet; due metric refreshes ride along in those calls' free seats, never in calls of their own.
 */
export async function checkYoutubeUploads(db: Db, options: YoutubeSyncOptions): Promise<YoutubeSyncCounts> {
  return runWithBudget(db, options, YOUTUBE_UPLOAD_CHECK_INTERVAL_MS, async (run, feedConcurrency) => {
    const channels = await loadTrackedChannels(db, run.at)
    const newUploads = await checkUploadFeeds(run, feedsDue(channels, run.at, run.cadence, YOUTUBE_UPLOAD_CHECK_INTERVAL_MS), feedConcurrency)
    await syncUploads(run, channels, newUploads, { wholeCalls: false })
  })
}
