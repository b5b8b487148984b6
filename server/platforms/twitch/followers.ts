import { z } from 'zod'
import type { HelixClient } from './helix-client.ts'

// With an app token Helix returns only the total, which is all a daily snapshot needs.
const followersAnswerSchema = z.object({ total: z.number().int().nonnegative() })

/** How many accounts follow the broadcaster. */
export async function fetchFollowersTotal(client: HelixClient, broadcasterId: string): Promise<number> {
  const answer = await client.get('/channels/followers', { broadcaster_id: broadcasterId, first: 1 }, followersAnswerSchema)
  return answer.total
}
