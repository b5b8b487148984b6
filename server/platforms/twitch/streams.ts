import { z } from 'zod'
import type { HelixClient } from './helix-client.ts'
import { HELIX_MAX_PER_CALL, batchesOf, helixPageSchema, nextCursorOf } from './helix-page.ts'

export const helixStreamSchema = z.object({
  /** The stream id: an archive video of this broadcast carries it as `stream_id`. */
  id: z.string().min(1),
  user_id: z.string().min(1),
  user_login: z.string(),
  user_name: z.string(),
  game_name: z.string(),
  title: z.string(),
  viewer_count: z.number().int().nonnegative(),
  started_at: z.iso.datetime(),
  thumbnail_url: z.string(),
})
export type HelixStream = z.infer<typeof helixStreamSchema>

const streamsPageSchema = helixPageSchema(helixStreamSchema)
/** A batch of 100 users fits one page; more pages only come from reshuffling, so few are enough. */
const MAX_PAGES_PER_BATCH = 5

/**
 * The live streams among these users (offline users are absent). Pages are followed by cursor;
 * streams move between pages while viewer counts change, so each stream is kept once.
 */
export async function fetchLiveStreams(client: HelixClient, userIds: readonly string[]): Promise<HelixStream[]> {
  const streams = new Map<string, HelixStream>()
  for (const batch of batchesOf(userIds)) {
    let cursor: string | undefined
    for (let page = 0; page < MAX_PAGES_PER_BATCH; page++) {
      const answer = await client.get('/streams', { user_id: batch, first: HELIX_MAX_PER_CALL, after: cursor }, streamsPageSchema)
      // A stream seen again keeps its first place but takes the later, fresher viewer count.
      for (const stream of answer.data) streams.set(stream.id, stream)
      cursor = nextCursorOf(answer)
      if (cursor === undefined || answer.data.length === 0) break
    }
  }
  return [...streams.values()]
}
