import { z } from 'zod'
import type { HelixClient } from './helix-client.ts'
import { HELIX_MAX_PER_CALL, helixPageSchema, nextCursorOf } from './helix-page.ts'

export const helixVideoSchema = z.object({
  id: z.string().min(1),
  /** The broadcast an archive records; absent from videos older than 2021 and null for uploads. */
  stream_id: z.string().nullish(),
  user_id: z.string().min(1),
  title: z.string(),
  description: z.string(),
  created_at: z.iso.datetime(),
  published_at: z.iso.datetime(),
  url: z.string(),
  /** With a `%{width}x%{height}` placeholder; empty while the video is processed. */
  thumbnail_url: z.string(),
  view_count: z.number().int().nonnegative(),
  type: z.string(),
  /** Like "3h8m33s". */
  duration: z.string(),
})
export type HelixVideo = z.infer<typeof helixVideoSchema>

export interface ArchiveVideosOptions {
  /** Stop at the first video created before this date (pages are newest first). */
  since?: Date
  /** At most this many pages of 100. */
  maxPages?: number
}

const videosPageSchema = helixPageSchema(helixVideoSchema)
const DEFAULT_MAX_PAGES = 3

/** One user's past broadcasts (type=archive), newest first. */
export async function fetchArchiveVideos(client: HelixClient, userId: string, options: ArchiveVideosOptions = {}): Promise<HelixVideo[]> {
  const { since, maxPages = DEFAULT_MAX_PAGES } = options
  const videos: HelixVideo[] = []
  let cursor: string | undefined
  for (let page = 0; page < maxPages; page++) {
    const answer = await client.get('/videos', { user_id: userId, type: 'archive', first: HELIX_MAX_PER_CALL, after: cursor }, videosPageSchema)
    for (const video of answer.data) {
      if (since && new Date(video.created_at) < since) return videos
      videos.push(video)
    }
    cursor = nextCursorOf(answer)
    if (cursor === undefined || answer.data.length === 0) break
  }
  return videos
}
