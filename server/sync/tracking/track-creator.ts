import type { Db, Filter } from 'mongodb'
import { collectionsOf, type CreatorDocument } from '../../db/index.ts'
import { markCreatorsPublic, recordDailySnapshots, upsertCreator, type CreatorInput, type PipelineOptions } from '../../domain/index.ts'
import type { TwitchConnector } from '../../platforms/twitch/index.ts'
import type { YoutubeConnector } from '../../platforms/youtube/index.ts'
import { resolveAccounts, TrackingInputError, type ResolvedCreator, type TrackRequest } from './resolve-accounts.ts'

export interface TrackCreatorDeps extends PipelineOptions {
  /** The platform connectors; one left out is "not configured here" for a request that names it. */
  youtube?: YoutubeConnector
  twitch?: TwitchConnector
  /** Holds the units the YouTube connector spent; flushed to the quota ledger once the lookups are done. */
  quotaSpend?: { flush(): Promise<void> }
  /** When the accounts are looked up: the instant of the profile and of today's snapshots. */
  observedAt: Date
}

export interface TrackedCreator {
  creatorId: string
  slug: string
  /** The Creator page. */
  url: string
  /** `created`: new to the public (also a creator left pending by an earlier request); otherwise it was tracked already. */
  status: 'created' | 'updated' | 'unchanged'
}

/** A platform lookup that failed for another reason than the request (network, 5xx, a refused key): a 502. */
export class PlatformLookupError extends Error {
  constructor(cause: unknown) {
    super(`the platform lookup failed: ${(cause as Error).message}`, { cause })
    this.name = 'PlatformLookupError'
  }
}

async function lookUpAccounts(request: TrackRequest, deps: TrackCreatorDeps): Promise<ResolvedCreator> {
  try {
    return await resolveAccounts(request, { youtube: deps.youtube, twitch: deps.twitch }, deps.observedAt)
  }
  catch (error) {
    if (error instanceof TrackingInputError) throw error
    throw new PlatformLookupError(error)
  }
  finally {
    await deps.quotaSpend?.flush()
  }
}

/** A creator half-way through its removal is not tracked again until the removal is finished (a 409). */
async function refuseWhileRemoving(db: Db, input: CreatorInput): Promise<void> {
  const { youtube, twitch } = input.platforms
  const accounts: Filter<CreatorDocument>[] = [
    ...(youtube ? [{ 'platforms.youtube.channelId': youtube.channelId }] : []),
    ...(twitch ? [{ 'platforms.twitch.userId': twitch.userId }] : []),
  ]
  const removing = await collectionsOf(db).creators.findOne({ '$or': accounts, 'metadata.hidden': 'removing' }, { projection: { _id: 0, creatorId: 1 } })
  if (!removing) return
  const fields = [youtube && 'youtube', twitch && 'twitch'].filter(Boolean).join(', ')
  throw new TrackingInputError(409, `${fields}: creator ${removing.creatorId} is being removed; repeat DELETE /api/admin/creators/${removing.creatorId} first`)
}

/**
 * Starts tracking a creator (the admin API's POST /api/admin/creators, and the CLI): looks its
 * accounts up on the platforms (TrackingInputError: a 4xx naming the field; PlatformLookupError: a
 * 502), then writes the creator, today's snapshots, and makes it public, in that order. Without
 * transactions, a request killed half-way leaves a pending creator that no public answer shows and
 * that the next youtube:sync or twitch:sync completes; repeating the request completes it as well.
 * A creator already tracked (by any of its accounts) is updated, never duplicated.
 */
export async function trackCreator(db: Db, request: TrackRequest, deps: TrackCreatorDeps): Promise<TrackedCreator> {
  const resolved = await lookUpAccounts(request, deps)
  await refuseWhileRemoving(db, resolved.input)
  const options: PipelineOptions = { onChange: deps.onChange }
  const creator = await upsertCreator(db, { ...resolved.input, pending: true }, { ...options, at: deps.observedAt })
  await recordDailySnapshots(db, resolved.snapshotsFor(creator.creatorId), options)
  const madePublic = await markCreatorsPublic(db, [creator.creatorId], options)
  return {
    creatorId: creator.creatorId,
    slug: creator.slug,
    url: `/creators/${creator.slug}`,
    status: madePublic.length > 0 ? 'created' : creator.status,
  }
}
