import type { Db } from 'mongodb'
import { youtubeQuotaLedger, type TaskCounts } from '../sync/index.ts'
import type { TwitchRunOptions } from '../sync/twitch/index.ts'
import type { YoutubeSyncOptions } from '../sync/youtube/index.ts'

/**
 * The YouTube tasks' shared frame: nothing without NUXT_YOUTUBE_API_KEY; otherwise `sync` under the
 * task's lock, with a connector per run (its units counted on the day's quota ledger).
 */
export async function runYoutubeTask(name: string, sync: (db: Db, options: YoutubeSyncOptions) => Promise<TaskCounts>): Promise<TaskOutcome> {
  if (!youtubeConnectorFor()) return notConfigured(name, 'NUXT_YOUTUBE_API_KEY is not set')
  const result = await runPipelineTask(name, (db, options, context) => sync(db, {
    connect: onUnitsSpent => youtubeConnectorFor(onUnitsSpent)!,
    ledger: youtubeQuotaLedger(db),
    onChange: options.onChange,
    signal: context.signal,
    onError: context.reportError,
  }))
  return { result }
}

/** The Twitch tasks' shared frame: nothing without the app credentials; otherwise `run` under the task's lock, its points metered. */
export async function runTwitchTask(name: string, run: (db: Db, options: TwitchRunOptions) => Promise<TaskCounts>): Promise<TaskOutcome> {
  const twitch = useTwitchConnector()
  if (!twitch) return notConfigured(name, 'NUXT_TWITCH_CLIENT_ID and NUXT_TWITCH_CLIENT_SECRET are not set')
  const result = await runPipelineTask(name, (db, options, context) => twitch.metered(points =>
    run(db, { ...options, connector: twitch.connector, points, now: () => new Date(), reportError: context.reportError, signal: context.signal })))
  return { result }
}
