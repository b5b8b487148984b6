import type { Db } from 'mongodb'
import type { TaskRun } from '../db/index.ts'
import type { PipelineOptions } from '../domain/pipeline-changes.ts'
import type { MeteredTwitch } from './platform-settings.ts'
import type { TaskContext, TaskCounts } from './run-task.ts'
import type { TwitchRunOptions } from './twitch/index.ts'
import type { YoutubeConnectorFactory, YoutubeSyncOptions } from './youtube/index.ts'
import { youtubeQuotaLedger } from './youtube-quota-ledger.ts'

/**
 * What a task does under its lock, Nitro-free: the server runs it in runPipelineTask
 * (server/utils/pipeline-task.ts), `npm run task` in this process; each passes its change listener.
 */
export type PipelineTaskWork = (db: Db, options: PipelineOptions, context: TaskContext) => Promise<TaskCounts | void>

/** What a task answers (POST /api/admin/tasks/:name shows it): its run, or why it cannot run here. */
export type TaskOutcome = { result: TaskRun | { task: string, status: 'not-configured', reason: string } }

/** A platform task without its credentials: nothing to do, said plainly rather than failing each run. */
export function notConfigured(task: string, reason: string): TaskOutcome {
  return { result: { task, status: 'not-configured', reason } }
}

export const PLATFORM_NOT_CONFIGURED = {
  youtube: 'NUXT_YOUTUBE_API_KEY is not set',
  twitch: 'NUXT_TWITCH_CLIENT_ID and NUXT_TWITCH_CLIENT_SECRET are not set',
} as const

/** A YouTube task's work: `sync` with a connector per run, its units counted on the day's quota ledger. */
export function youtubeTaskWork(sync: (db: Db, options: YoutubeSyncOptions) => Promise<TaskCounts>, connect: YoutubeConnectorFactory): PipelineTaskWork {
  return (db, options, context) => sync(db, {
    connect,
    ledger: youtubeQuotaLedger(db),
    onChange: options.onChange,
    signal: context.signal,
    onError: context.reportError,
  })
}

/** A Twitch task's work: `run` with the process's connector, its points metered. */
export function twitchTaskWork(run: (db: Db, options: TwitchRunOptions) => Promise<TaskCounts>, twitch: MeteredTwitch): PipelineTaskWork {
  return (db, options, context) => twitch.metered(points =>
    run(db, { ...options, connector: twitch.connector, points, now: () => new Date(), reportError: context.reportError, signal: context.signal }))
}
