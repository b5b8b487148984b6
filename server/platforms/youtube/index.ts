export { createYoutubeConnector, type YoutubeConnector, type YoutubeConnectorOptions } from './youtube-connector.ts'
export { createYoutubeClient, type YoutubeApiEndpoint, type YoutubeClient, type YoutubeClientOptions } from './youtube-client.ts'
export {
  YoutubeAccessNotConfiguredError, YoutubeApiError, YoutubeKeyInvalidError, YoutubeQuotaExceededError, YoutubeUnexpectedResponseError,
  type YoutubeEndpoint,
} from './youtube-errors.ts'
export { fetchChannelByHandle, fetchChannelByUsername, fetchChannels, type YoutubeChannel } from './channels.ts'
export { fetchUploads, uploadsPlaylistIdOf, type FetchUploadsOptions, type UploadsPage, type YoutubeUpload } from './uploads.ts'
export { fetchVideos, type YoutubeVideo } from './videos.ts'
export { fetchUploadFeed, parseUploadFeed, type YoutubeFeedEntry } from './upload-feed.ts'
export { parseChannelReference, type ParsedChannelReference, type YoutubeChannelReference } from './channel-reference.ts'
export { isoDurationSeconds } from './iso-duration.ts'
export { nextQuotaResetAt } from './quota-reset.ts'
export {
  AVATAR_PLACEHOLDER, BANNER_PLACEHOLDER,
  creatorInputOf, eventInputOf, eventInputsOf, snapshotInputOf, youtubeAccountOf,
  type CreatorInputOptions, type VideoEventMapping, type YoutubeAccountOptions,
} from './map-to-domain.ts'
