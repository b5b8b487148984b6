export { createTwitchConnector, type TwitchConnector, type TwitchConnectorOptions } from './twitch-connector.ts'
export { TwitchApiError, TwitchAuthError, TwitchRateLimitedError } from './twitch-errors.ts'
export type { HelixUser } from './users.ts'
export type { HelixStream } from './streams.ts'
export type { HelixVideo, ArchiveVideosOptions } from './videos.ts'
export { parseTwitchChannelReference, type TwitchChannelReference } from './channel-reference.ts'
export { parseTwitchDuration } from './twitch-duration.ts'
export {
  archiveStreamEventOf, liveStreamEventOf, sizedThumbnailUrl, twitchAccountOf, twitchProfileOf, twitchSnapshotOf, viewerMetricsOf,
  type TwitchAccountFacts, type TwitchProfile,
} from './map-to-domain.ts'
export { summarizeLiveStream, type LiveStreamSummary, type ViewerSample } from './live-stream-summary.ts'
