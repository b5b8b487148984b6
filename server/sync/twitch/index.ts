// The Twitch side of the sync: what the `twitch:sync` and `twitch:live` tasks and the EventSub webhook call.
export { runTwitchSync, TwitchUserMissingError, type TwitchSyncCounts, type TwitchSyncOptions } from './run-twitch-sync.ts'
export { runTwitchLive, STALE_SESSION_MS, type TwitchLiveCounts, type TwitchLiveOptions } from './run-twitch-live.ts'
export { markStreamOffline, markStreamOnline, type StreamNoticeOptions, type StreamOfflineResult, type StreamOnlineResult } from './stream-webhooks.ts'
export { createTwitchPointsMeter, type TwitchPointsMeter } from './points-meter.ts'
export type { TwitchRunOptions } from './twitch-run-options.ts'
export { ARCHIVE_CHECK_EVERY_MS, ARCHIVE_WINDOW_MS } from './merge-archive-videos.ts'
export { ENDED_SESSION_RETENTION_MS, WEBHOOK_END_GRACE_MS } from './live-session-transitions.ts'
