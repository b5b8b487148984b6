import { z } from 'zod'

/**
 * Samples kept per session: at the 5-minute polling cadence this covers 83 hours, more than the
 * 48 hours Twitch lets a broadcast run, so a summary is always over the whole stream.
 */
export const LIVE_SESSION_MAX_SAMPLES = 1000

export const liveSessionStatusSchema = z.enum(['live', 'ended'])
export type LiveSessionStatus = z.infer<typeof liveSessionStatusSchema>

/**
 * How an end was learnt: Twitch said so (`webhook`), polling no longer saw it (`poll`), the same
 * channel went live with a new stream (`replaced`), or nothing checked it for too long (`stale`).
 */
export const liveSessionEndSchema = z.enum(['webhook', 'poll', 'replaced', 'stale'])
export type LiveSessionEnd = z.infer<typeof liveSessionEndSchema>

export const viewerSampleSchema = z.object({ at: z.date(), viewers: z.number().int().nonnegative() })

/** What the samples tell at the end: hours watched = Σ viewers × Δt, average = hours watched ÷ hours live. */
export const liveSessionViewersSchema = z.object({
  peakViewers: z.number().int().nonnegative(),
  averageViewers: z.number().int().nonnegative(),
  hoursWatched: z.number().nonnegative(),
  hoursLive: z.number().nonnegative(),
})
export type LiveSessionViewers = z.infer<typeof liveSessionViewersSchema>

/**
 * One Twitch broadcast as the live task follows it, keyed by the stream id (which the archive video
 * carries as `stream_id`). Written by the Twitch live task and the EventSub webhook; `revision`
 * makes their writes compare-and-swap, so neither loses the other's change.
 */
export const liveSessionSchema = z.object({
  streamId: z.string().min(1),
  creatorId: z.string().min(1),
  userId: z.string().min(1),
  login: z.string(),
  title: z.string(),
  game: z.string(),
  /** Helix's live preview template (`{width}x{height}`); empty until a poll saw the stream. */
  thumbnailUrl: z.string(),
  startedAt: z.date(),
  status: liveSessionStatusSchema,
  /** The latest moment the stream was known to be live (a poll that saw it, or the online webhook). */
  lastSeenAt: z.date(),
  /** Viewer counts, oldest first, at most LIVE_SESSION_MAX_SAMPLES. */
  samples: z.array(viewerSampleSchema).max(LIVE_SESSION_MAX_SAMPLES),
  endedAt: z.date().nullable(),
  endedBy: liveSessionEndSchema.nullable(),
  durationSeconds: z.number().int().nonnegative().nullable(),
  /** Null until the end, and when no poll ever saw the stream. */
  viewers: liveSessionViewersSchema.nullable(),
  /** Ended, and its stream event not yet written: a run that died in between is finished by the next. */
  eventPending: z.boolean(),
  /** The archive video (VOD) merged into the stream event, once found. */
  archiveVideoId: z.string().nullable(),
  archiveCheckedAt: z.date().nullable(),
  revision: z.number().int().nonnegative(),
  createdAt: z.date(),
  updatedAt: z.date(),
  /** Ended sessions are dropped some weeks after their end (TTL); null while live. */
  expiresAt: z.date().nullable(),
})
export type LiveSession = z.infer<typeof liveSessionSchema>
