import type { Db } from 'mongodb'
import { markCreatorsPublic, recordDailySnapshots, upsertCreators, type CreatorInput, type SnapshotInput } from '../../domain/index.ts'
import { batchesOf, HELIX_MAX_PER_CALL } from '../../platforms/twitch/helix-page.ts'
import { twitchAccountOf, twitchProfileOf, twitchSnapshotOf, type HelixUser } from '../../platforms/twitch/index.ts'
import { createCallPacer } from './call-pacer.ts'
import { forEachConcurrently } from './concurrent-each.ts'
import { creatorInputWithTwitch } from './creator-input.ts'
import { followerCadenceWith, type TwitchFollowerCadence } from './follower-cadence.ts'
import { planFollowerRefresh } from './follower-plan.ts'
import { groupSessionsByUser, liveFlagsOf, liveSessionsByUser } from './live-creator-flags.ts'
import { liveSessionsOf } from './live-session-store.ts'
import { createRunFailures, type RunFailures } from './run-failures.ts'
import { trackedTwitchCreators, type TwitchCreator } from './tracked-twitch-creators.ts'
import { pointsSince, type TwitchRunOptions } from './twitch-run-options.ts'

export interface TwitchSyncOptions extends TwitchRunOptions {
  /** Followers calls in flight at once; the pace (see the cadence) and the connector's rate-limit gate space them. */
  concurrency?: number
  /** Whose followers are asked for when, and how fast: see follower-cadence.ts. */
  cadence?: Partial<TwitchFollowerCadence>
  /** The pauses between paced follower calls; injectable, like `now`, for simulated clocks. */
  sleep?: (ms: number) => Promise<void>
}

// A type, not an interface: task results are Record<string, number>.
export type TwitchSyncCounts = {
  /** Channels asked about in users calls. */
  channelsChecked: number
  /** Followers calls made: the channels due this run. */
  followersChecked: number
  /** Due channels not asked this run (over its cap, or the run stopped first): the next run asks them first. */
  followersWaiting: number
  /** Creators whose profile and account went through the pipeline. */
  creatorsTouched: number
  /** Daily snapshots written (an unchanged one is not). */
  snapshotsRecorded: number
  pointsSpent: number
  errors: number
}

const DEFAULT_CONCURRENCY = 4

function sleepFor(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

export class TwitchUserMissingError extends Error {
  readonly userId: string
  // No parameter property: the CLIs run this file with Node's type stripping, which rejects them.
  constructor(userId: string, login: string) {
    super(`Twitch user ${userId} (${login}) was not found: deleted, banned or suspended`)
    this.name = 'TwitchUserMissingError'
    this.userId = userId
  }
}

interface Observed {
  creator: TwitchCreator
  user: HelixUser
  /** Asked this run; undefined when the channel was not due. */
  followers?: number
}

interface FollowerCalls {
  /** User ids due this run. */
  due: ReadonlySet<string>
  pace: () => Promise<void>
  /** Calls made so far. */
  made: number
}

/**
 * The users of a batch of channels, then the followers total of those due; a channel whose user is
 * missing, or whose due followers call failed or was not made (the run stopped), is left out.
 */
async function observeBatch(batch: TwitchCreator[], calls: FollowerCalls, options: TwitchSyncOptions, failures: RunFailures): Promise<Observed[]> {
  const users = await failures.attempt(() => options.connector.usersByIds(batch.map(creator => creator.platforms.twitch.userId)))
  if (!users) return []
  const userById = new Map(users.map(user => [user.id, user]))
  const found: Observed[] = []
  for (const creator of batch) {
    const user = userById.get(creator.platforms.twitch.userId)
    if (user) found.push({ creator, user })
    else failures.note(new TwitchUserMissingError(creator.platforms.twitch.userId, creator.platforms.twitch.login))
  }
  const observed = found.filter(({ user }) => !calls.due.has(user.id))
  await forEachConcurrently(found.filter(({ user }) => calls.due.has(user.id)), options.concurrency ?? DEFAULT_CONCURRENCY, () => failures.stopped, async ({ creator, user }) => {
    await calls.pace()
    if (failures.stopped) return
    calls.made += 1
    const followers = await failures.attempt(() => options.connector.followersTotal(user.id))
    if (followers !== undefined) observed.push({ creator, user, followers })
  })
  // In the batch's order, so writes and their announcements do not depend on which answer came first.
  return observed.sort((a, b) => a.creator.creatorId.localeCompare(b.creator.creatorId))
}

/**
 * The `twitch:sync` run: for every tracked Twitch channel, the user (100 a call), written as the
 * creator's profile and Twitch account (what Twitch does not say, such as the category, the live
 * state and the last stream, is carried over); and for the channels due (see follower-cadence.ts:
 * active ones every run, quiet ones every 6 hours and once a UTC day), the followers total, written
 * into the account and as today's UTC snapshot. A channel not asked keeps its stored followers and
 * gets no snapshot. The follower calls are paced, so the live poll always finds points left.
 * Written batch by batch, so a run killed half-way keeps what it did and the next run redoes the
 * rest; a repeated run writes nothing new. A pending creator (its tracking request died half-way)
 * is due at once and becomes public once its profile and snapshot are written. A failing channel
 * is counted and skipped; refused credentials or a long rate-limit wait stop the calls, and what
 * was fetched is still written.
 */
export async function runTwitchSync(db: Db, options: TwitchSyncOptions): Promise<TwitchSyncCounts> {
  const at = options.now()
  const spent = pointsSince(options.points)
  const failures = createRunFailures(options.reportError, options.signal)
  const cadence = followerCadenceWith(options.cadence)
  const counts = { channelsChecked: 0, creatorsTouched: 0, snapshotsRecorded: 0 }

  // Least recently written first: a run stopped early (failures, its time budget) leaves the rest
  // at the front of the next run's queue instead of redoing the same channels every time.
  const queue = (await trackedTwitchCreators(db)).sort((a, b) => a.metadata.lastUpdated.getTime() - b.metadata.lastUpdated.getTime())
  const plan = planFollowerRefresh(queue, groupSessionsByUser(await liveSessionsOf(db)), at, cadence)
  const calls: FollowerCalls = {
    due: plan.userIds,
    pace: createCallPacer({ perMinute: cadence.callsPerMinute, burst: cadence.burstCalls, now: () => options.now().getTime(), sleep: options.sleep ?? sleepFor }),
    made: 0,
  }
  for (const batch of batchesOf(queue, HELIX_MAX_PER_CALL)) {
    if (failures.stopped) break
    counts.channelsChecked += batch.length
    const observed = await observeBatch(batch, calls, options, failures)
    if (observed.length === 0) continue
    // The live task owns isLive: its sessions, read just before writing, say what it is now.
    const liveSessions = await liveSessionsByUser(db, observed.map(({ creator }) => creator))
    const inputs: CreatorInput[] = []
    const snapshots: SnapshotInput[] = []
    for (const { creator, user, followers } of observed) {
      const stored = creator.platforms.twitch
      // Not asked this run: the stored total and when it was observed stay as they are.
      const known = followers === undefined ? { followers: stored.followers, followersObservedAt: stored.followersObservedAt } : { followers, followersObservedAt: at }
      const account = { ...twitchAccountOf(user, { ...known, videos: stored.videos }), ...liveFlagsOf(stored, liveSessions.get(user.id) ?? []) }
      inputs.push(creatorInputWithTwitch(creator, account, twitchProfileOf(user)))
      // Helix has no video total: today's observation says followers only.
      if (followers !== undefined) snapshots.push(twitchSnapshotOf(creator.creatorId, { ...account, videos: null }, at))
    }
    // The snapshot first: an account that says its followers were observed today has today's snapshot.
    counts.snapshotsRecorded += await recordDailySnapshots(db, snapshots, { onChange: options.onChange })
    await upsertCreators(db, inputs, { at, onChange: options.onChange })
    const pending = observed.filter(({ creator, followers }) => creator.metadata.hidden === 'pending' && followers !== undefined).map(({ creator }) => creator.creatorId)
    await markCreatorsPublic(db, pending, { onChange: options.onChange })
    counts.creatorsTouched += inputs.length
  }
  return {
    ...counts,
    followersChecked: calls.made,
    followersWaiting: plan.waiting + plan.userIds.size - calls.made,
    pointsSpent: spent(),
    errors: failures.count,
  }
}
