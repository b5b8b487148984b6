import { z } from 'zod'

/** Twitch writes RFC 3339 times with nanoseconds (`2020-10-11T10:11:12.123456789Z`); read as Dates. */
export const eventSubDateSchema = z.iso.datetime({ offset: true }).transform(text => new Date(text))

/** The subscription a message belongs to; `status` says why it was revoked in a revocation. */
export const eventSubSubscriptionSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  version: z.string(),
  /** `enabled`, `webhook_callback_verification_pending`; on revocation `authorization_revoked`, `user_removed`, `notification_failures_exceeded`, `version_removed`. */
  status: z.string(),
  condition: z.record(z.string(), z.unknown()),
  created_at: eventSubDateSchema,
})
export type EventSubSubscription = z.infer<typeof eventSubSubscriptionSchema>

export const streamOnlineEventSchema = z.object({
  /** The stream id: the archive video of this broadcast carries it as `stream_id`. */
  id: z.string().min(1),
  broadcaster_user_id: z.string().min(1),
  broadcaster_user_login: z.string(),
  broadcaster_user_name: z.string(),
  /** `live` in practice; Twitch also documents playlist, watch_party, premiere and rerun. */
  type: z.string(),
  started_at: eventSubDateSchema,
})
export type StreamOnlineEvent = z.infer<typeof streamOnlineEventSchema>

export const streamOfflineEventSchema = z.object({
  broadcaster_user_id: z.string().min(1),
  broadcaster_user_login: z.string(),
  broadcaster_user_name: z.string(),
})
export type StreamOfflineEvent = z.infer<typeof streamOfflineEventSchema>

export const verificationBodySchema = z.object({ challenge: z.string().min(1), subscription: eventSubSubscriptionSchema })
export const notificationBodySchema = z.object({ subscription: eventSubSubscriptionSchema, event: z.unknown() })
export const revocationBodySchema = z.object({ subscription: eventSubSubscriptionSchema })
