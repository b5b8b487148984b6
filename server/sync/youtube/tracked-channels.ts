import type { AnyBulkWriteOperation, Db } from 'mongodb'
import { collectionsOf, youtubeChannelSyncSchema, type CreatorCategory, type YoutubeChannelSync } from '../../db/index.ts'

/** A channel the sync keeps up to date: its creator's facts the API does not give, and its bookkeeping. */
export interface TrackedChannel {
  channelId: string
  creatorId: string
  /** Carried over on every profile update: the API knows neither. */
  category: CreatorCategory
  verified: boolean
  /** The channel's video count as stored on the creator: a rise means a new upload. */
  storedVideoCount: number | null
  /** Its creator awaits its first sync to become public (the tracking request died half-way): due at once. */
  pending?: boolean
  /** Changed in memory by the run's steps, written by `saveChannelStates`. */
  state: YoutubeChannelSync
}

function newChannelState(channelId: string, creatorId: string, now: Date): YoutubeChannelSync {
  return {
    _id: channelId, creatorId, statsCheckedAt: null, missingSince: null, feedCheckedAt: null, feedFailures: 0, lastUploadAt: null,
    knownVideoIds: [], deferredVideos: [], metricsRefreshedAt: null, lastError: null, updatedAt: now,
  }
}

/**
 * The channels to sync: every active creator's YouTube channel that came from the platform API
 * (demo creators have made-up channels), pending ones included and ones being removed left out,
 * with its bookkeeping, new or as stored. `channelIds` narrows it to a few (a push notification's),
 * read by index.
 */
export async function loadTrackedChannels(db: Db, now: Date, { channelIds }: { channelIds?: string[] } = {}): Promise<TrackedChannel[]> {
  const { creators, youtubeChannelSync } = collectionsOf(db)
  const [tracked, states] = await Promise.all([
    creators.find(
      { 'platforms.youtube.channelId': channelIds ? { $in: channelIds } : { $exists: true }, 'metadata.isActive': { $ne: false }, 'metadata.dataSource': 'platform-api', 'metadata.hidden': { $ne: 'removing' } },
      { projection: { '_id': 0, 'creatorId': 1, 'category': 1, 'platforms': 1, 'metadata.hidden': 1 } },
    ).toArray(),
    // The collection only holds tracked channels: reading it whole is one query instead of many $in slices.
    youtubeChannelSync.find(channelIds ? { _id: { $in: channelIds } } : {}).toArray(),
  ])
  const stateOf = new Map(states.map(state => [state._id, state]))
  return tracked.flatMap(({ creatorId, category, platforms, metadata }) => {
    const youtube = platforms.youtube
    if (!youtube) return []
    const stored = stateOf.get(youtube.channelId)
    return [{
      channelId: youtube.channelId,
      creatorId,
      category,
      verified: youtube.verified,
      storedVideoCount: youtube.videos,
      pending: metadata.hidden === 'pending',
      state: stored ? { ...stored, creatorId } : newChannelState(youtube.channelId, creatorId, now),
    }]
  })
}

/** Writes the bookkeeping of these channels as it stands in memory (whole documents: idempotent). */
export async function saveChannelStates(db: Db, channels: TrackedChannel[], now: Date): Promise<void> {
  if (channels.length === 0) return
  const operations: AnyBulkWriteOperation<YoutubeChannelSync>[] = [...new Set(channels)].map((channel) => {
    channel.state.updatedAt = now
    const replacement = youtubeChannelSyncSchema.parse(channel.state)
    return { replaceOne: { filter: { _id: replacement._id }, replacement, upsert: true } }
  })
  await collectionsOf(db).youtubeChannelSync.bulkWrite(operations, { ordered: false })
}
