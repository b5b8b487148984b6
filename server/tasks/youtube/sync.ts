import { youtubeQuotaLedger } from '../../sync/index.ts'
import { runYoutubeSync } from '../../sync/youtube/index.ts'

/**
 * Every 30 minutes: channel statistics (today's snapshots) and profiles of the channels due by their
 * cadence, new uploads and the metrics of recent ones, within this run's share of the day's quota.
 */
export default defineTask({
  meta: { name: 'youtube:sync', description: 'YouTube channel stats, profiles and uploads of tracked creators' },
  async run(): Promise<TaskOutcome> {
    if (!youtubeConnectorFor()) return notConfigured('youtube:sync', 'NUXT_YOUTUBE_API_KEY is not set')
    const result = await runPipelineTask('youtube:sync', (db, options, context) => runYoutubeSync(db, {
      connect: onUnitsSpent => youtubeConnectorFor(onUnitsSpent)!,
      ledger: youtubeQuotaLedger(db),
      onChange: options.onChange,
      signal: context.signal,
      onError: context.reportError,
    }))
    return { result }
  },
})
