import { addUtcDays, computeTrendingRanking, deriveDailyFacts, startOfUtcDay, updateCreatorStats } from '../domain/index.ts'
import { meteredTwitchFrom, youtubeConnectorFrom } from '../sync/platform-settings.ts'
import { pushSettingsOf, runPushSubscriptions } from '../sync/push/index.ts'
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
 * What each scheduled task does, outside Nitro: the services server/tasks/** call, with the same
 * arguments (the pipeline and push bodies are those of server/tasks/trending/compute.ts,
 * stats/aggregate.ts and push/subscribe.ts). A test checks that it covers every scheduled task.
 */
export const SCHEDULED_TASK_WORK: Record<string, WorkFor> = {
  'trending:compute': () => ({
    work: async (db, options) => {
      const at = new Date()
      return { rankings: await computeTrendingRanking(db, { day: startOfUtcDay(at), at }, options) }
    },
  }),
  'stats:aggregate': () => ({
    work: async (db, options) => {
      const at = new Date()
      const yesterday = addUtcDays(startOfUtcDay(at), -1)
      const facts = await deriveDailyFacts(db, { day: yesterday, at }, options)
      const creatorsUpdated = await updateCreatorStats(db, { day: startOfUtcDay(at), at }, options)
      return { ...facts, creatorsUpdated }
    },
  }),
  'youtube:sync': youtubeWork(runYoutubeSync),
  'youtube:uploads': youtubeWork(checkYoutubeUploads),
  'twitch:sync': twitchWork(runTwitchSync),
  'twitch:live': twitchWork(runTwitchLive),
  'push:subscribe': (settings) => {
    const push = pushSettingsOf(settings)
    if (!push.youtube && !push.twitch) return { notConfigured: push.reasons.join('; ') }
    const twitch = push.twitch ? meteredTwitchFrom(settings) : undefined
    return {
      work: (db, _options, context) => {
        const run = () => runPushSubscriptions(db, { settings: push, twitch: twitch?.connector, signal: context.signal, reportError: context.reportError })
        return twitch ? twitch.metered(run) : run()
      },
    }
  },
}
