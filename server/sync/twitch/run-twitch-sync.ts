import type { Db } from 'mongodb'
import { markCreatorsPublic, recordDailySnapshots, upsertCreators, type CreatorInput, type SnapshotInput } from '../../domain/index.ts'
import { batchesOf, HELIX_MAX_PER_CALL } from '../../platforms/twitch/helix-page.ts'
import { twitchAccountOf, twitchProfileOf, twitchSnapshotOf, type HelixUser } from '../../platforms/twitch/index.ts'
import { forEachConcurrently } from './concurrent-each.ts'
import { creatorInputWithTwitch } from './creator-input.ts'
import { liveFlagsOf, liveSessionsByUser } from './live-creator-flags.ts'
import { createRunFailures, type RunFailures } from './run-failures.ts'
import { trackedTwitchCreators, type TwitchCreator } from './tracked-twitch-creators.ts'
import { pointsSince, type TwitchRunOptions } from './twitch-run-options.ts'

export interface TwitchSyncOptions extends TwitchRunOptions {
  /** Followers calls in flight at once; the connector's rate-limit gate paces them. */
  concurrency?: number
}

// A type, not an interface: task results are Record<string, number>.
export type TwitchSyncCounts = {
  /** Channels asked about in users calls. */
  channelsChecked: number
  /** Creators whose profile, account and snapshot went through the pipeline. */
  creatorsTouched: number
  /** Daily snapshots written (an unchanged one is not). */
  snapshotsRecorded: number
  pointsSpent: number
  errors: number
}

const DEFAULT_CONCURRENCY = 4

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
  followers: number
}

/** The users of a batch of channels, then each one's followers total; channels that fail are left out. */
async function observeBatch(batch: TwitchCreator[], options: TwitchSyncOptions, failures: RunFailures): Promise<Observed[]> {
  const users = await failures.attempt(() => options.connector.usersByIds(batch.map(creator => creator.platforms.twitch.userId)))
  if (!users) return []
  const userById = new Map(users.map(user => [user.id, user]))
  const found: Array<Omit<Observed, 'followers'>> = []
  for (const creator of batch) {
    const user = userById.get(creator.platforms.twitch.userId)
    if (user) found.push({ creator, user })
    else failures.note(new TwitchUserMissingError(creator.platforms.twitch.userId, creator.platforms.twitch.login))
  }
  const observed: Observed[] = []
  await forEachConcurrently(found, options.concurrency ?? DEFAULT_CONCURRENCY, () => failures.stopped, async ({ creator, user }) => {
    const followers = await failures.attempt(() => options.connector.followersTotal(user.id))
    if (followers !== undefined) observed.push({ creator, user, followers })
  })
  // In the batch's order, so writes and their announcements do not depend on which answer came first.
  return observed.sort((a, b) => a.creator.creatorId.localeCompare(b.creator.creatorId))
}

/**
 * The `twitch:sync` run: for every tracked Twitch channel, the user (100 a call) and the followers
 * total, written as the creator's profile and Twitch account (what Twitch does not say, such as the
 * category, the live state and the last stream, is carried over) and as today's UTC snapshot.
 * Written batch by batch, so a run killed half-way keeps what it did and the next run redoes the
 * rest; a repeated run writes nothing new. A pending creator (its tracking request died half-way)
 * becomes public once its profile and snapshot are written. A failing channel is counted and skipped; refused
 * credentials or a long rate-limit wait stop the calls, and what was fetched is still written.
 */
export async function runTwitchSync(db: Db, options: TwitchSyncOptions): Promise<TwitchSyncCounts> {
  const at = options.now()
  const spent = pointsSince(options.points)
  const failures = createRunFailures(options.reportError, options.signal)
  const counts = { channelsChecked: 0, creatorsTouched: 0, snapshotsRecorded: 0 }

  // Least recently written first: a run stopped early (failures, its time budget) leaves the rest
  // at the front of the next run's queue instead of redoing the same channels every time.
  const queue = (await trackedTwitchCreators(db)).sort((a, b) => a.metadata.lastUpdated.getTime() - b.metadata.lastUpdated.getTime())
  for (const batch of batchesOf(queue, HELIX_MAX_PER_CALL)) {
    if (failures.stopped) break
    counts.channelsChecked += batch.length
    const observed = await observeBatch(batch, options, failures)
    if (observed.length === 0) continue
    // The live task owns isLive: its sessions, read just before writing, say what it is now.
    const liveSessions = await liveSessionsByUser(db, observed.map(({ creator }) => creator))
    const inputs: CreatorInput[] = []
    const snapshots: SnapshotInput[] = []
    for (const { creator, user, followers } of observed) {
      const stored = creator.platforms.twitch
      const account = { ...twitchAccountOf(user, { followers, videos: stored.videos }), ...liveFlagsOf(stored, liveSessions.get(user.id) ?? []) }
      inputs.push(creatorInputWithTwitch(creator, account, twitchProfileOf(user)))
      // Helix has no video total: today's observation says followers only.
      snapshots.push(twitchSnapshotOf(creator.creatorId, { ...account, videos: null }, at))
    }
    await upsertCreators(db, inputs, { at, onChange: options.onChange })
    counts.snapshotsRecorded += await recordDailySnapshots(db, snapshots, { onChange: options.onChange })
    const pending = observed.filter(({ creator }) => creator.metadata.hidden === 'pending').map(({ creator }) => creator.creatorId)
    await markCreatorsPublic(db, pending, { onChange: options.onChange })
    counts.creatorsTouched += inputs.length
  }
  return { ...counts, pointsSpent: spent(), errors: failures.count }
}
