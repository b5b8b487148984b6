import { z } from 'zod'
import { apiCountSchema, apiDateSchema, batchesOf, listResponseSchema, thumbnailsSchema } from './api-shapes.ts'
import type { YoutubeClient } from './youtube-client.ts'

export const youtubeVideoSchema = z.object({
  id: z.string().min(1),
  snippet: z.object({
    publishedAt: apiDateSchema,
    channelId: z.string(),
    title: z.string(),
    description: z.string().default(''),
    thumbnails: thumbnailsSchema.default({}),
    /** 'none', 'upcoming' (scheduled stream or premiere) or 'live'. */
    liveBroadcastContent: z.string().default('none'),
  }),
  /** ISO 8601 (`PT21M3S`); left as text, see iso-duration.ts. */
  contentDetails: z.object({ duration: z.string().optional() }).optional(),
  /** Each count is absent when hidden or disabled (likes hidden, comments off). */
  statistics: z.object({
    viewCount: apiCountSchema.optional(),
    likeCount: apiCountSchema.optional(),
    commentCount: apiCountSchema.optional(),
  }).optional(),
  liveStreamingDetails: z.object({
    scheduledStartTime: apiDateSchema.optional(),
    actualStartTime: apiDateSchema.optional(),
    actualEndTime: apiDateSchema.optional(),
    /** Only while live. */
    concurrentViewers: apiCountSchema.optional(),
  }).optional(),
})
export type YoutubeVideo = z.infer<typeof youtubeVideoSchema>

const videoListSchema = listResponseSchema(youtubeVideoSchema)

const VIDEO_PARTS = 'snippet,statistics,contentDetails,liveStreamingDetails'

/** Videos by id, 50 per call; deleted or private videos are missing from the result. */
export async function fetchVideos(client: YoutubeClient, videoIds: string[]): Promise<YoutubeVideo[]> {
  const videos: YoutubeVideo[] = []
  for (const batch of batchesOf([...new Set(videoIds)])) {
    const { items } = await client.list('videos', { part: VIDEO_PARTS, id: batch.join(',') }, videoListSchema)
    videos.push(...items)
  }
  return videos
}
