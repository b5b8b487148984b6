import { z } from 'zod'
import type { HelixClient } from './helix-client.ts'
import { batchesOf, helixPageSchema } from './helix-page.ts'

/** The fields of a Helix user the sync relies on (view_count is deprecated and always 0). */
export const helixUserSchema = z.object({
  id: z.string().min(1),
  login: z.string().min(1),
  display_name: z.string(),
  description: z.string(),
  profile_image_url: z.string(),
  offline_image_url: z.string(),
  /** "partner", "affiliate" or "". */
  broadcaster_type: z.string(),
  created_at: z.iso.datetime(),
})
export type HelixUser = z.infer<typeof helixUserSchema>

const usersPageSchema = helixPageSchema(helixUserSchema)

async function fetchUsersBy(client: HelixClient, key: 'id' | 'login', values: readonly string[]): Promise<HelixUser[]> {
  const users: HelixUser[] = []
  for (const batch of batchesOf(values)) {
    const page = await client.get('/users', { [key]: batch }, usersPageSchema)
    users.push(...page.data)
  }
  return users
}

/** Users by id, 100 a call. Unknown, banned or deleted users are simply missing from the result. */
export function fetchUsersByIds(client: HelixClient, userIds: readonly string[]): Promise<HelixUser[]> {
  return fetchUsersBy(client, 'id', userIds)
}

/** Users by login, 100 a call. Unknown logins are simply missing from the result. */
export function fetchUsersByLogins(client: HelixClient, logins: readonly string[]): Promise<HelixUser[]> {
  return fetchUsersBy(client, 'login', logins)
}
