import type { Db, Filter } from 'mongodb'
import { collectionsOf, type CreatorDocument, type CreatorPlatforms, type TwitchAccount } from '../../db/index.ts'
import { findByValues } from '../../domain/bulk-access.ts'

/** A creator with a Twitch account. */
export type TwitchCreator = CreatorDocument & { platforms: CreatorPlatforms & { twitch: TwitchAccount } }

/**
 * Tracked through the platform APIs only: demo creators carry made-up Twitch ids that must never
 * be looked up (or overwritten by whoever really owns them). Paused creators and creators being
 * removed are left alone; pending ones (awaiting their first sync) are tracked.
 */
const TRACKED: Filter<CreatorDocument> = { 'metadata.isActive': { $ne: false }, 'metadata.dataSource': 'platform-api', 'metadata.hidden': { $ne: 'removing' } }

function hasTwitch(creator: CreatorDocument): creator is TwitchCreator {
  return creator.platforms.twitch !== undefined
}

/** From the platform API, and not being removed (its data is on its way out). */
function isFromPlatformApi(creator: CreatorDocument): creator is TwitchCreator {
  return hasTwitch(creator) && creator.metadata.dataSource === 'platform-api' && creator.metadata.hidden !== 'removing'
}

function isTracked(creator: CreatorDocument): creator is TwitchCreator {
  return isFromPlatformApi(creator) && creator.metadata.isActive
}

/** The creators whose Twitch channel the sync follows, by creatorId. */
export async function trackedTwitchCreators(db: Db): Promise<TwitchCreator[]> {
  const found = await collectionsOf(db).creators.find({ 'platforms.twitch.userId': { $exists: true }, ...TRACKED }, { projection: { _id: 0 } }).toArray()
  return (found as CreatorDocument[]).filter(isTracked).sort((a, b) => a.creatorId.localeCompare(b.creatorId))
}

/** The API-tracked creators of these Twitch users; paused ones too when asked. */
export async function twitchCreatorsOf(db: Db, userIds: readonly string[], { includePaused = false } = {}): Promise<TwitchCreator[]> {
  const found = await findByValues(collectionsOf(db).creators, 'platforms.twitch.userId', [...new Set(userIds)], { projection: { _id: 0 } })
  return (found as CreatorDocument[])
    .filter(includePaused ? isFromPlatformApi : isTracked)
    .sort((a, b) => a.creatorId.localeCompare(b.creatorId))
}

/** Paused creators still shown live: nothing polls them any more, so the live task switches them off. */
export async function pausedCreatorsShownLive(db: Db): Promise<TwitchCreator[]> {
  const found = await collectionsOf(db).creators
    .find({ 'platforms.twitch.isLive': true, 'metadata.isActive': false, 'metadata.dataSource': 'platform-api' }, { projection: { _id: 0 } })
    .toArray()
  return (found as CreatorDocument[]).filter(isFromPlatformApi)
}
