export { checkYoutubeUploads, runYoutubeSync, YOUTUBE_SYNC_INTERVAL_MS, YOUTUBE_SYNC_RESERVE_UNITS, YOUTUBE_UPLOAD_CHECK_INTERVAL_MS, type YoutubeSyncOptions } from './run-youtube-sync.ts'
export { activityTierOf, cadenceWith, DEFAULT_YOUTUBE_CADENCE, type ActivityTier, type YoutubeCadence } from './youtube-cadence.ts'
export { YoutubeCallRefusedError, type YoutubeConnectorFactory } from './youtube-calls.ts'
export { YoutubeChannelSyncError, type YoutubeSyncCounts } from './youtube-sync-run.ts'
