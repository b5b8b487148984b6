import { z } from 'zod'
import { apiDateSchema, listResponseSchema, thumbnailsSchema } from './api-shapes.ts'
import type { YoutubeClient } from './youtube-client.ts'
import { YoutubeApiError } from './youtube-errors.ts'

const playlistItemSchema = z.object({
  snippet: z.object({
    /** When the video was added to the playlist: for the uploads playlist, about when it went public. */
    publishedAt: apiDateSchema,
    title: z.string(),
    thumbnails: thumbnailsSchema.default({}),
    resourceId: z.object({ videoId: z.string().min(1) }),
  }),
  contentDetails: z.object({ videoPublishedAt: apiDateSchema.optional() }).optional(),
})

const playlistItemListSchema = listResponseSchema(playlistItemSchema)

export interface YoutubeUpload {
  videoId: string
  title: string
  publishedAt: Date
}

export interface FetchUploadsOptions {
  /** Stop at uploads older than this (uploads come newest first). */
  since?: Date
  /** At most this many calls of 50 uploads; 1 by default, so a caller opts into a costly backfill. */
  maxPages?: number
}

export interface UploadsPage {
  /** Newest first. */
  uploads: YoutubeUpload[]
  /** True when `maxPages` stopped the paging before `since` or the end of the playlist. */
  morePages: boolean
}

/** A channel's uploads playlist id from its channel id (UC… → UU…), when channels.list was not asked. */
export function uploadsPlaylistIdOf(channelId: string): string {
  if (!channelId.startsWith('UC')) throw new Error(`Not a YouTube channel id: ${channelId}`)
  return `UU${channelId.slice(2)}`
}

function uploadOf(item: z.infer<typeof playlistItemSchema>): YoutubeUpload {
  const { snippet, contentDetails } = item
  return { videoId: snippet.resourceId.videoId, title: snippet.title, publishedAt: contentDetails?.videoPublishedAt ?? snippet.publishedAt }
}

/**
 * The latest uploads of a playlist, paged with nextPageToken. Paging stops after the first page
 * that reaches past `since`; within that page every upload since then is kept, in case YouTube
 * orders two uploads slightly out of date order.
 */
export async function fetchUploads(client: YoutubeClient, playlistId: string, options: FetchUploadsOptions = {}): Promise<UploadsPage> {
  const maxPages = options.maxPages ?? 1
  if (!Number.isInteger(maxPages) || maxPages < 1) throw new RangeError(`maxPages must be a whole number of at least 1, not ${maxPages}`)
  const uploads: YoutubeUpload[] = []
  let pageToken: string | undefined
  for (let page = 0; page < maxPages; page++) {
    let answer: z.infer<typeof playlistItemListSchema>
    try {
      answer = await client.list('playlistItems', { part: 'snippet,contentDetails', playlistId, maxResults: 50, pageToken }, playlistItemListSchema)
    }
    catch (error) {
      // A channel that never uploaded has an uploads playlist id, but asking for it answers 404.
      if (error instanceof YoutubeApiError && error.status === 404 && error.reason === 'playlistNotFound' && page === 0) return { uploads: [], morePages: false }
      throw error
    }
    const pageUploads = answer.items.map(uploadOf)
    const since = options.since
    uploads.push(...(since ? pageUploads.filter(upload => upload.publishedAt >= since) : pageUploads))
    const reachedSince = since !== undefined && pageUploads.some(upload => upload.publishedAt < since)
    if (reachedSince || !answer.nextPageToken) return { uploads, morePages: false }
    pageToken = answer.nextPageToken
  }
  return { uploads, morePages: true }
}
