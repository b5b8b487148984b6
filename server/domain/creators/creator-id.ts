import { createHash } from 'node:crypto'
import type { CreatorPlatforms } from '../../db/index.ts'

/**
 * A new creator's id, derived from its first platform account rather than drawn at random: opaque
 * and stable all the same, and a creator discovered twice (or a demo world built twice) gets the
 * same id instead of a duplicate.
 */
export function creatorIdFor(platforms: Pick<CreatorPlatforms, 'youtube' | 'twitch'>): string {
  const account = platforms.youtube ? `youtube:${platforms.youtube.channelId}` : platforms.twitch ? `twitch:${platforms.twitch.userId}` : undefined
  if (!account) throw new Error('a creator needs at least one platform account')
  return `cr_${createHash('sha256').update(account).digest('hex').slice(0, 16)}`
}
