import type { Db } from 'mongodb'
import type { TaskCounts } from '../sync/index.ts'
import { notConfigured, PLATFORM_NOT_CONFIGURED, twitchTaskWork, youtubeTaskWork, type TaskOutcome } from '../sync/task-work.ts'
import type { TwitchRunOptions } from '../sync/twitch/index.ts'
import type { YoutubeSyncOptions } from '../sync/youtube/index.ts'

/**
 * The YouTube tasks' shared frame: nothing without NUXT_YOUTUBE_API_KEY; otherwise `sync` under the
 * task's lock, with a connector per run (its units counted on the day's quota ledger).
 */
export async function runYoutubeTask(name: string, sync: (db: Db, options: YoutubeSyncOptions) => Promise<TaskCounts>): Promise<TaskOutcome> {
  if (!youtubeConnectorFor()) return notConfigured(name, PLATFORM_NOT_CONFIGURED.youtube)
  return { result: await runPipelineTask(name, youtubeTaskWork(sync, onUnitsSpent => youtubeConnectorFor(onUnitsSpent)!)) }
}

/** The Twitch tasks' shared frame: nothing without the app credentials; otherwise `run` under the task's lock, its points metered. */
export async function runTwitchTask(name: string, run: (db: Db, options: TwitchRunOptions) => Promise<TaskCounts>): Promise<TaskOutcome> {
  const twitch = useTwitchConnector()
  if (!twitch) return notConfigured(name, PLATFORM_NOT_CONFIGURED.twitch)
  return { result: await runPipelineTask(name, twitchTaskWork(run, twitch)) }
}
