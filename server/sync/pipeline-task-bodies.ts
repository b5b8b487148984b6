import { addUtcDays, computeTrendingRanking, deriveDailyFacts, startOfUtcDay, updateCreatorStats } from '../domain/index.ts'
import type { MeteredTwitch } from './platform-settings.ts'
import { runPushSubscriptions, type PushSettings } from './push/index.ts'
import type { PipelineTaskWork } from './task-work.ts'

/**
 * The bodies of the tasks that need no platform connector of their own, Nitro-free: server/tasks/**
 * runs them under runPipelineTask, `npm run task` (server/cli/scheduled-task-work.ts) in its process.
 */

/** trending:compute: today's trending rankings (per category and period) from the latest snapshots. */
export const computeTrendingWork: PipelineTaskWork = async (db, options) => {
  const at = new Date()
  return { rankings: await computeTrendingRanking(db, { day: startOfUtcDay(at), at }, options) }
}

/** stats:aggregate: closes the UTC day that just ended (milestones, collaborations, rankings) and refreshes every creator's stats. */
export const aggregateStatsWork: PipelineTaskWork = async (db, options) => {
  const at = new Date()
  const yesterday = addUtcDays(startOfUtcDay(at), -1)
  const facts = await deriveDailyFacts(db, { day: yesterday, at }, options)
  const creatorsUpdated = await updateCreatorStats(db, { day: startOfUtcDay(at), at }, options)
  return { ...facts, creatorsUpdated }
}

/** push:subscribe with the push settings and, when Twitch push is on, the Twitch connector (its points metered). */
export function pushSubscribeWork(settings: PushSettings, twitch: MeteredTwitch | undefined): PipelineTaskWork {
  return (db, _options, context) => {
    const run = () => runPushSubscriptions(db, { settings, twitch: twitch?.connector, signal: context.signal, reportError: context.reportError })
    return twitch ? twitch.metered(run) : run()
  }
}
