import { aggregateStatsWork, computeTrendingWork, pushSubscribeWork } from '../sync/pipeline-task-bodies.ts'
import { meteredTwitchFrom, youtubeConnectorFrom } from '../sync/platform-settings.ts'
import { pushSettingsOf } from '../sync/push/index.ts'
import { PLATFORM_NOT_CONFIGURED, twitchTaskWork, youtubeTaskWork, type PipelineTaskWork } from '../sync/task-work.ts'
import { runTwitchLive, runTwitchSync } from '../sync/twitch/index.ts'
import { checkYoutubeUploads, runYoutubeSync } from '../sync/youtube/index.ts'
import type { TaskSettings } from './task-settings-from-env.ts'

/** A task's work under its lock, or why it cannot run with these settings. */
export type ScheduledTaskWork = { work: PipelineTaskWork } | { notConfigured: string }

type WorkFor = (settings: TaskSettings) => ScheduledTaskWork

const youtubeWork = (sync: Parameters<typeof youtubeTaskWork>[0]): WorkFor => settings => youtubeConnectorFrom(settings)
  ? { work: youtubeTaskWork(sync, onUnitsSpent => youtubeConnectorFrom(settings, onUnitsSpent)!) }
  : { notConfigured: PLATFORM_NOT_CONFIGURED.youtube }

const twitchWork = (run: Parameters<typeof twitchTaskWork>[0]): WorkFor => (settings) => {
  const twitch = meteredTwitchFrom(settings)
  return twitch ? { work: twitchTaskWork(run, twitch) } : { notConfigured: PLATFORM_NOT_CONFIGURED.twitch }
}

/**
 * What each scheduled task does, outside Nitro: the same work server/tasks/** runs, with connectors
 * made from the environment (one per command; the server keeps one per process). A test checks that
 * it covers every scheduled task.
 */
export const SCHEDULED_TASK_WORK: Record<string, WorkFor> = {
  'trending:compute': () => ({ work: computeTrendingWork }),
  'stats:aggregate': () => ({ work: aggregateStatsWork }),
  'youtube:sync': youtubeWork(runYoutubeSync),
  'youtube:uploads': youtubeWork(checkYoutubeUploads),
  'twitch:sync': twitchWork(runTwitchSync),
  'twitch:live': twitchWork(runTwitchLive),
  'push:subscribe': (settings) => {
    const push = pushSettingsOf(settings)
    if (!push.youtube && !push.twitch) return { notConfigured: push.reasons.join('; ') }
    return { work: pushSubscribeWork(push, push.twitch ? meteredTwitchFrom(settings) : undefined) }
  },
}
