import { IDS_PER_CALL } from '../../platforms/youtube/api-shapes.ts'
import { activityTierOf, isDue, overdueness, type ActivityTier, type YoutubeCadence } from './youtube-cadence.ts'
import type { TrackedChannel } from './tracked-channels.ts'

/**
 * A feed that keeps failing (a channel without public videos may answer 404) is read less and less
 * often, down to daily: its new uploads still show through the video count.
 */
const FAILING_FEED_MAX_WAIT_MS = 24 * 60 * 60_000

/** A channel YouTube no longer returns is checked like a dormant one: daily, in case it comes back. */
export function tierOf(channel: TrackedChannel, at: Date, cadence: YoutubeCadence): ActivityTier {
  return channel.state.missingSince ? 'dormant' : activityTierOf(channel.state.lastUploadAt, at, cadence)
}

/**
 * The feeds a run that comes every `runEveryMs` reads. A feed whose cadence is no longer than the
 * run's interval is read at every such run, unless it was already read in this slot, whatever its
 * phase: a feed the 15-minute check read off-phase (a channel that has just turned quiet) must
 * still be read by the next sync, which decides from the feeds which channels are refreshed.
 */
export function feedsDue(channels: TrackedChannel[], at: Date, cadence: YoutubeCadence, runEveryMs: number): TrackedChannel[] {
  return channels.filter((channel) => {
    const { state } = channel
    const everyMs = cadence.feedEveryMs[tierOf(channel, at, cadence)]
    if (state.feedFailures > 0) return isDue(state.feedCheckedAt, Math.min(FAILING_FEED_MAX_WAIT_MS, everyMs * 2 ** state.feedFailures), at, cadence)
    return isDue(state.feedCheckedAt, everyMs <= runEveryMs ? Math.min(everyMs, runEveryMs / 2) : everyMs, at, cadence)
  })
}

export interface StatsPlan {
  /** In the order to ask: the most overdue first, then the channels filling the last batch. */
  channels: TrackedChannel[]
  /** Due channels that did not fit in the budget: they are the most overdue of the next run. */
  waiting: number
}

/**
 * Which channels get channels.list this run. Due ones, most overdue (relative to their cadence)
 * first, as many as `maxCalls` batches hold. The last batch's free seats cost nothing, so they go
 * to the channels closest to being due: that spreads quiet and dormant channels over the day and
 * keeps batches full. A channel refreshed within the last active interval takes no seat, so a
 * second run in the same slot asks for nothing. A channel whose creator is pending (its tracking
 * request died before the first data was written) is due at once, like one never refreshed.
 */
export function planStatsRefresh(channels: TrackedChannel[], at: Date, cadence: YoutubeCadence, maxCalls: number): StatsPlan {
  const everyMs = (channel: TrackedChannel) => cadence.statsEveryMs[tierOf(channel, at, cadence)]
  const byOverdueness = (list: TrackedChannel[]) => list
    .map(channel => ({ channel, overdue: channel.pending ? Number.POSITIVE_INFINITY : overdueness(channel.state.statsCheckedAt, everyMs(channel), at) }))
    .sort((a, b) => b.overdue - a.overdue || a.channel.channelId.localeCompare(b.channel.channelId))
    .map(({ channel }) => channel)
  const due = byOverdueness(channels.filter(channel => channel.pending || isDue(channel.state.statsCheckedAt, everyMs(channel), at, cadence)))
  const chosen = due.slice(0, Math.max(0, maxCalls) * IDS_PER_CALL)
  const waiting = due.length - chosen.length
  const freeSeats = (IDS_PER_CALL - (chosen.length % IDS_PER_CALL)) % IDS_PER_CALL
  if (freeSeats > 0) {
    const dueSet = new Set(due)
    const fillers = channels.filter(channel => !dueSet.has(channel) && isDue(channel.state.statsCheckedAt, cadence.statsEveryMs.active, at, cadence))
    chosen.push(...byOverdueness(fillers).slice(0, freeSeats))
  }
  return { channels: chosen, waiting }
}
