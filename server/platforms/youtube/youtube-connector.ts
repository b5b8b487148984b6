import { fetchChannelByHandle, fetchChannelByUsername, fetchChannels, type YoutubeChannel } from './channels.ts'
import type { YoutubeChannelReference } from './channel-reference.ts'
import { createRetryingFetch } from './retrying-fetch.ts'
import { fetchUploadFeed, type YoutubeFeedEntry } from './upload-feed.ts'
import { fetchUploads, type FetchUploadsOptions, type UploadsPage } from './uploads.ts'
import { fetchVideos, type YoutubeVideo } from './videos.ts'
import { createYoutubeClient, type YoutubeClientOptions } from './youtube-client.ts'

export interface YoutubeConnectorOptions extends YoutubeClientOptions {
  /** e.g. https://www.youtube.com/feeds (the upload feed: no key, no quota). */
  feedBase: string
}

export interface YoutubeConnector {
  /** 1 unit per 50 ids. */
  fetchChannels(channelIds: string[]): Promise<YoutubeChannel[]>
  /** 1 unit; null when nothing matches. */
  fetchChannel(reference: YoutubeChannelReference): Promise<YoutubeChannel | null>
  /** 1 unit per page of 50. `playlistId` is the channel's uploads playlist (UU…). */
  fetchUploads(playlistId: string, options?: FetchUploadsOptions): Promise<UploadsPage>
  /** 1 unit per 50 ids. */
  fetchVideos(videoIds: string[]): Promise<YoutubeVideo[]>
  /** Free: the latest 15 uploads. */
  fetchUploadFeed(channelId: string): Promise<YoutubeFeedEntry[]>
}

/**
 * The YouTube side of the platform sync. The caller passes its configuration (API base, feed
 * base, key); nothing here reads the environment. Errors are YoutubeApiError and its subclasses.
 */
export function createYoutubeConnector(options: YoutubeConnectorOptions): YoutubeConnector {
  const client = createYoutubeClient(options)
  const feed = createRetryingFetch(options.feedBase, options)
  return {
    fetchChannels: channelIds => fetchChannels(client, channelIds),
    fetchChannel: async (reference) => {
      switch (reference.kind) {
        case 'channelId': return (await fetchChannels(client, [reference.channelId]))[0] ?? null
        case 'handle': return fetchChannelByHandle(client, reference.handle)
        case 'username': return fetchChannelByUsername(client, reference.username)
      }
    },
    fetchUploads: (playlistId, uploadsOptions) => fetchUploads(client, playlistId, uploadsOptions),
    fetchVideos: videoIds => fetchVideos(client, videoIds),
    fetchUploadFeed: channelId => fetchUploadFeed(feed, channelId),
  }
}
