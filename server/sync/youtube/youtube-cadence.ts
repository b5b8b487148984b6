const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** How recently a channel published: active (within 48 h), quiet (within 30 days) or dormant. */
export type ActivityTier = 'active' | 'quiet' | 'dormant'

export interface YoutubeCadence {
  /** A channel whose newest upload is younger than this is active. */
  activeWithinMs: number
  /** …and quiet when younger than this; dormant beyond (or when it never uploaded). */
  quietWithinMs: number
  /** channels.list per tier: 1 unit per 50 channels, the sync's main cost. */
  statsEveryMs: Record<ActivityTier, number>
  /** The Atom feed per tier: free, so every channel is read at every sync run (see feedsDue). */
  feedEveryMs: Record<ActivityTier, number>
  /** Uploads younger than this get their views, likes and comments refreshed… */
  recentUploadMs: number
  /** …this often per channel when a videos.list call has free seats, in a call of their own when twice late. */
  metricsEveryMs: number
  /** An upcoming or live video is asked about again after this (it becomes an event once it has ended). */
  unfinishedVideoRetryMs: number
  /** A feed video that videos.list does not return (private, deleted) is asked about again after this. */
  missingVideoRetryMs: number
  /**
   * A refresh is due this much before its interval is up: scheduled runs start a little late or
   * early and take a while, and a channel refreshed at 10:00:04 must be due again at 10:30:00.
   */
  slackMs: number
}

/**
 * The default cadence, sized for the target: ≤ 1 unit per channel-day while every channel
 * that published in the last 48 h is refreshed at every 30-minute run. An active channel costs at
 * most 48 refreshes / 50 per call = 0.96 unit a day, a quiet one 0.08, a dormant one 0.02, and
 * mostly nothing, because they fill the free seats of the calls the active ones pay for. Every feed
 * is read at every sync run (free): that is what finds a quiet channel's new upload in time to
 * refresh it in that same run. Metric refreshes mostly ride in the free seats of the calls made for
 * new uploads. The simulated day (tests/unit/sync/youtube/simulated-day.test.ts) measures it.
 */
export const DEFAULT_YOUTUBE_CADENCE: YoutubeCadence = {
  activeWithinMs: 2 * DAY,
  quietWithinMs: 30 * DAY,
  statsEveryMs: { active: 30 * MINUTE, quiet: 6 * HOUR, dormant: DAY },
  feedEveryMs: { active: 15 * MINUTE, quiet: 30 * MINUTE, dormant: 30 * MINUTE },
  recentUploadMs: 7 * DAY,
  metricsEveryMs: 6 * HOUR,
  unfinishedVideoRetryMs: HOUR,
  missingVideoRetryMs: DAY,
  slackMs: 5 * MINUTE,
}

export function cadenceWith(overrides: Partial<YoutubeCadence> = {}): YoutubeCadence {
  return { ...DEFAULT_YOUTUBE_CADENCE, ...overrides }
}

export function activityTierOf(lastUploadAt: Date | null, now: Date, cadence: YoutubeCadence): ActivityTier {
  if (!lastUploadAt) return 'dormant'
  const age = now.getTime() - lastUploadAt.getTime()
  if (age < cadence.activeWithinMs) return 'active'
  return age < cadence.quietWithinMs ? 'quiet' : 'dormant'
}

/** Never done, or done at least `everyMs` (less the slack) ago. */
export function isDue(lastAt: Date | null, everyMs: number, now: Date, cadence: YoutubeCadence): boolean {
  return lastAt === null || now.getTime() - lastAt.getTime() >= everyMs - cadence.slackMs
}

/**
 * How overdue a refresh is, in intervals: 1 when exactly due, 2 when a whole interval late,
 * Infinity when never done. Sorting by it puts what waited longest, relative to its cadence, first:
 * an active channel skipped for an hour goes before a quiet one skipped for an hour.
 */
export function overdueness(lastAt: Date | null, everyMs: number, now: Date): number {
  if (lastAt === null) return Number.POSITIVE_INFINITY
  return (now.getTime() - lastAt.getTime()) / everyMs
}
