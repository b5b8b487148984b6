import type { LiveSession } from '../../db/index.ts'
import { followersDue, followersOverdueness, followerTierOf, type FollowerTier, type TwitchFollowerCadence } from './follower-cadence.ts'
import { liveFlagsOf } from './live-creator-flags.ts'
import type { TwitchCreator } from './tracked-twitch-creators.ts'

export interface FollowerPlan {
  /** Twitch user ids whose followers total this run asks for. */
  userIds: Set<string>
  /** Due channels over the run's cap: the most overdue of the next run. */
  waiting: number
}

/** A channel's tier as the live sessions tell it now (the stored flags may be a poll behind). */
export function followerTierNow(creator: TwitchCreator, liveSessions: ReadonlyMap<string, readonly LiveSession[]>, at: Date, cadence: TwitchFollowerCadence): FollowerTier {
  const { twitch } = creator.platforms
  return followerTierOf(liveFlagsOf(twitch, liveSessions.get(twitch.userId) ?? []), at, cadence)
}

/**
 * Whose followers this run asks for: the due channels (see followersDue), most overdue first
 * relative to their tier's cadence, as many as `maxCallsPerRun`. A pending creator (its tracking
 * request died before its first data was written, so it is hidden) is due at once and goes first.
 */
export function planFollowerRefresh(creators: readonly TwitchCreator[], liveSessions: ReadonlyMap<string, readonly LiveSession[]>, at: Date, cadence: TwitchFollowerCadence): FollowerPlan {
  const due = creators.flatMap((creator) => {
    const everyMs = cadence.everyMs[followerTierNow(creator, liveSessions, at, cadence)]
    const observedAt = creator.platforms.twitch.followersObservedAt
    const pending = creator.metadata.hidden === 'pending'
    if (!pending && !followersDue(observedAt, everyMs, at, cadence)) return []
    return [{ userId: creator.platforms.twitch.userId, pending, overdue: followersOverdueness(observedAt, everyMs, at) }]
  }).sort((a, b) => Number(b.pending) - Number(a.pending) || (b.overdue === a.overdue ? 0 : b.overdue - a.overdue) || a.userId.localeCompare(b.userId))
  const chosen = due.slice(0, Math.max(0, cadence.maxCallsPerRun))
  return { userIds: new Set(chosen.map(({ userId }) => userId)), waiting: due.length - chosen.length }
}
