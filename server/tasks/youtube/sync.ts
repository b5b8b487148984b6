import { runYoutubeSync } from '../../sync/youtube/index.ts'

/**
 * Every 30 minutes: channel statistics (today's snapshots) and profiles of the channels due by their
 * cadence, new uploads and the metrics of recent ones, within this run's share of the day's quota.
 */
export default defineTask({
  meta: { name: 'youtube:sync', description: 'YouTube channel stats, profiles and uploads of tracked creators' },
  run: () => runYoutubeTask('youtube:sync', runYoutubeSync),
})
