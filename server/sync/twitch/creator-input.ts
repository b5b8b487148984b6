import type { TwitchAccount } from '../../db/index.ts'
import type { CreatorInput } from '../../domain/index.ts'
import type { TwitchProfile } from '../../platforms/twitch/index.ts'
import type { TwitchCreator } from './tracked-twitch-creators.ts'

/**
 * Twitch speaks for a creator's name, description and pictures only when Twitch is its only
 * platform: a creator on YouTube too gets its profile from the YouTube sync, and two syncs
 * writing their own names in turn would announce a rename every half hour.
 */
export function profileComesFromTwitch(creator: TwitchCreator): boolean {
  return creator.platforms.youtube === undefined
}

/**
 * The stored creator as a pipeline input with a new Twitch account. Category, links, whether its
 * sync is paused and the other platform are left out: upsertCreators keeps them as stored at the
 * moment it writes, not as this run read them.
 */
export function creatorInputWithTwitch(creator: TwitchCreator, twitch: TwitchAccount, profile?: TwitchProfile): CreatorInput {
  const shown = profile && profileComesFromTwitch(creator) ? profile : creator
  return {
    name: shown.name,
    description: shown.description,
    avatarUrl: shown.avatarUrl,
    bannerUrl: shown.bannerUrl,
    platforms: { twitch },
    dataSource: creator.metadata.dataSource,
  }
}
