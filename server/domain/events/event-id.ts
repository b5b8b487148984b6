import { createHash } from 'node:crypto'
import type { EventPlatform, TimelineEventType } from '../../db/index.ts'

/** The same (creator, platform, type, platform id) always names the same event: re-ingesting updates it. */
export function eventIdFor(creatorId: string, platform: EventPlatform, type: TimelineEventType, platformEventId: string): string {
  const digest = createHash('sha256').update(`${creatorId}\u0000${platform}\u0000${type}\u0000${platformEventId}`).digest('hex')
  return `ev_${digest.slice(0, 24)}`
}
