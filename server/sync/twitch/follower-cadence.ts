import { startOfUtcDay } from '../../domain/utc-day.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Whether a channel streams lately: live now or within 48 h (active), or not (quiet). */
export type FollowerTier = 'active' | 'quiet'

export interface TwitchFollowerCadence {
  /** A channel live now, or whose last stream started less than this ago, is active. */
  activeWithinMs: number
  /** How often each tier's followers total is asked for (1 point a channel): active ones at every 30-minute run. */
  everyMs: Record<FollowerTier, number>
  /**
   * A refresh is due this much before its interval is up: scheduled runs start a little late or
   * early, and a channel asked at 10:00:04 must be due again at 10:30:00.
   */
  slackMs: number
  /** The pace of a run's follower calls, once its burst is spent: the rest of Helix's 800 points a minute stays free for the live poll and tracking requests. */
  callsPerMinute: number
  /** Follower calls a run makes at once, before the pace applies: a small run is not slowed at all. */
  burstCalls: number
  /** A run's follower calls at most; due channels beyond wait for the next run, the longest waiting first. */
  maxCallsPerRun: number
}

/**
 * The default cadence. Followers move slowly on a channel that does not stream, and the history
 * needs one snapshot a UTC day: a quiet channel is asked every 6 hours (4 points a day) and in the
 * first run of a day that has no snapshot of it yet; an active one at every run (48 points a day),
 * as viewers watch those. At 480 calls a minute (60 % of the bucket) a run's 9,600 calls take 20
 * of its 30 minutes (on Workers its 10-minute time budget stops it first, at about 4,900, and the
 * next run asks the rest first). bench:sync's Twitch half measures it: about 25 follower points per
 * channel-day at 1,000 and 4,000 channels, where every run used to ask all (48).
 */
export const DEFAULT_TWITCH_FOLLOWER_CADENCE: TwitchFollowerCadence = {
  activeWithinMs: 2 * DAY,
  everyMs: { active: 30 * MINUTE, quiet: 6 * HOUR },
  slackMs: 5 * MINUTE,
  callsPerMinute: 480,
  burstCalls: 100,
  maxCallsPerRun: 9_600,
}

export function followerCadenceWith(overrides: Partial<TwitchFollowerCadence> = {}): TwitchFollowerCadence {
  return { ...DEFAULT_TWITCH_FOLLOWER_CADENCE, ...overrides }
}

export function followerTierOf(flags: { isLive: boolean, lastStreamAt: Date | null }, at: Date, cadence: TwitchFollowerCadence): FollowerTier {
  if (flags.isLive) return 'active'
  return flags.lastStreamAt !== null && at.getTime() - flags.lastStreamAt.getTime() < cadence.activeWithinMs ? 'active' : 'quiet'
}

/** Never observed, observed before today (UTC: today's snapshot is missing), or at least `everyMs` (less the slack) ago. */
export function followersDue(observedAt: Date | undefined, everyMs: number, at: Date, cadence: TwitchFollowerCadence): boolean {
  if (!observedAt || observedAt < startOfUtcDay(at)) return true
  return at.getTime() - observedAt.getTime() >= everyMs - cadence.slackMs
}

/**
 * How overdue a refresh is, in intervals (Infinity when never done): an active channel skipped for
 * an hour goes before a quiet one skipped for an hour.
 */
export function followersOverdueness(observedAt: Date | undefined, everyMs: number, at: Date): number {
  if (!observedAt) return Number.POSITIVE_INFINITY
  return (at.getTime() - observedAt.getTime()) / everyMs
}
