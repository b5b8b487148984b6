import { z } from 'zod'

export const PUSH_PLATFORMS = ['youtube', 'twitch'] as const
export const pushPlatformSchema = z.enum(PUSH_PLATFORMS)
export type PushPlatform = z.infer<typeof pushPlatformSchema>

/**
 * `requested`: the hub accepted a (re)subscription and has yet to verify it; `active`: verified
 * (YouTube) or created (Twitch); `unsubscribing`: we asked to leave; `denied`: the hub refused;
 * `failed`: the request itself failed. Only `failed` and `denied` count towards `failures`.
 */
export const pushSubscriptionStatusSchema = z.enum(['requested', 'active', 'unsubscribing', 'denied', 'failed'])
export type PushSubscriptionStatus = z.infer<typeof pushSubscriptionStatusSchema>

/**
 * One push subscription we keep (a YouTube WebSub topic, or one Twitch EventSub type of one
 * broadcaster), `_id` = `youtube:<UC…>` or `twitch:<type>:<user id>`. Bookkeeping only: dropping
 * the collection makes the next push:subscribe run ask for everything again.
 */
export const pushSubscriptionSchema = z.object({
  _id: z.string().min(1),
  platform: pushPlatformSchema,
  /** The WebSub topic URL, or the EventSub type (stream.online, stream.offline). */
  topic: z.string().min(1),
  /** The YouTube channel id or the Twitch user id. */
  accountId: z.string().min(1),
  creatorId: z.string().min(1),
  /** The callback the subscription delivers to: a changed NUXT_PUBLIC_SITE_URL means subscribing again. */
  callback: z.string().min(1),
  status: pushSubscriptionStatusSchema,
  /** The last subscribe or unsubscribe request we sent. */
  requestedAt: z.date().nullable(),
  /** The hub's last verification of intent (YouTube). */
  verifiedAt: z.date().nullable(),
  /** When the hub stops pushing unless renewed; null before the first verification, and for Twitch (no leases). */
  leaseExpiresAt: z.date().nullable(),
  /** Twitch's id of the subscription; null when Twitch answered that it already existed. */
  subscriptionId: z.string().nullable(),
  /** Failed or denied requests in a row: each doubles the wait before the next try. */
  failures: z.number().int().nonnegative(),
  lastError: z.object({ at: z.date(), message: z.string() }).nullable(),
  updatedAt: z.date(),
})
export type PushSubscription = z.infer<typeof pushSubscriptionSchema>
