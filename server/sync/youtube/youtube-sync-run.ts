import type { Db } from 'mongodb'
import { errorMessageOf } from '../task-runs.ts'
import type { ChangeListener, PipelineOptions } from '../../domain/index.ts'
import type { YoutubeCadence } from './youtube-cadence.ts'
import type { YoutubeCalls } from './youtube-calls.ts'
import type { TrackedChannel } from './tracked-channels.ts'

/** What a YouTube run reports (the task's result): a plain record, so it is a TaskCounts. */
export type YoutubeSyncCounts = {
  /** Channels whose statistics and profile were read (channels.list). */
  channelsChecked: number
  /** Due channels left for a later run because the run's budget was spent or calls stopped. */
  channelsWaiting: number
  feedsChecked: number
  /** Distinct creators whose profile, snapshot or events changed. */
  creatorsTouched: number
  snapshotsRecorded: number
  eventsUpserted: number
  /** Videos read through videos.list (new uploads and metric refreshes). */
  videosFetched: number
  unitsSpent: number
  /** 1 when YouTube answered quotaExceeded in this run, or the ledger said so before it started. */
  quotaExhausted: number
  errors: number
}

export function emptyCounts(): YoutubeSyncCounts {
  return {
    channelsChecked: 0, channelsWaiting: 0, feedsChecked: 0, creatorsTouched: 0, snapshotsRecorded: 0,
    eventsUpserted: 0, videosFetched: 0, unitsSpent: 0, quotaExhausted: 0, errors: 0,
  }
}

/** A failure of one channel, or of one call for several: named so the run's record says which. */
export class YoutubeChannelSyncError extends Error {
  readonly channelIds: string[]

  constructor(channelIds: string[], step: string, cause: unknown) {
    const named = channelIds.length > 3 ? `${channelIds.slice(0, 2).join(', ')} and ${channelIds.length - 2} more` : channelIds.join(', ')
    super(`YouTube channel${channelIds.length > 1 ? 's' : ''} ${named} (${step}): ${errorMessageOf(cause)}`, { cause })
    this.name = 'YoutubeChannelSyncError'
    this.channelIds = channelIds
  }
}

/** What every step of a run shares: one instant, the calls, the counts, where errors and changes go. */
export interface YoutubeSyncRun {
  db: Db
  /** The run's instant: every write of the run carries it, so repeating the run writes the same. */
  at: Date
  cadence: YoutubeCadence
  calls: YoutubeCalls
  counts: YoutubeSyncCounts
  /** For the pipeline's writes: announces changes to the caller and counts the creators touched. */
  pipeline: PipelineOptions
  /** Throws once the run must stop writing (its lock was lost). */
  checkSignal(): void
  reportError(error: unknown): void
  /** One error for the run, noted on each channel it hit. */
  channelsFailed(channels: TrackedChannel[], step: string, cause: unknown): void
}

export interface YoutubeSyncRunOptions {
  db: Db
  at: Date
  cadence: YoutubeCadence
  calls: YoutubeCalls
  counts: YoutubeSyncCounts
  signal?: AbortSignal
  onError?: (error: unknown) => void
  onChange?: ChangeListener
}

export function createSyncRun({ db, at, cadence, calls, counts, signal, onError, onChange }: YoutubeSyncRunOptions): YoutubeSyncRun & { touchedCreators: Set<string> } {
  const touchedCreators = new Set<string>()
  const reportError = (error: unknown) => {
    counts.errors += 1
    onError?.(error)
  }
  return {
    db, at, cadence, calls, counts, touchedCreators,
    pipeline: {
      onChange: (change) => {
        if (change.kind === 'creator') touchedCreators.add(change.creatorId)
        onChange?.(change)
      },
    },
    checkSignal: () => signal?.throwIfAborted(),
    reportError,
    channelsFailed(channels, step, cause) {
      const error = new YoutubeChannelSyncError(channels.map(channel => channel.channelId), step, cause)
      for (const channel of channels) channel.state.lastError = { at, message: error.message }
      reportError(error)
    },
  }
}
