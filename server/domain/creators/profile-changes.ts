import type { CreatorCategory, CreatorPlatforms, EventPlatform, ProfileChangeKind } from '../../db/index.ts'

/** A change of how a creator presents itself, worth an announcement on its timeline. */
export interface ProfileChange {
  creatorId: string
  platform: EventPlatform
  change: ProfileChangeKind
  from: string
  to: string
  at: Date
}

interface Profile {
  name: string
  category: CreatorCategory
  platforms: CreatorPlatforms
}

/** Renames, new handles or logins, and category changes between the stored profile and the incoming one. */
export function detectProfileChanges(creatorId: string, before: Profile, after: Profile, at: Date): ProfileChange[] {
  const changes: ProfileChange[] = []
  if (before.name !== after.name) {
    const platform = before.platforms.youtube && after.platforms.youtube && before.platforms.youtube.title !== after.platforms.youtube.title
      ? 'youtube'
      : before.platforms.twitch && after.platforms.twitch && before.platforms.twitch.displayName !== after.platforms.twitch.displayName ? 'twitch' : 'creatorino'
    changes.push({ creatorId, platform, change: 'rename', from: before.name, to: after.name, at })
  }
  const youtubeBefore = before.platforms.youtube?.handle
  const youtubeAfter = after.platforms.youtube?.handle
  if (youtubeBefore && youtubeAfter && youtubeBefore !== youtubeAfter) {
    changes.push({ creatorId, platform: 'youtube', change: 'new_handle', from: youtubeBefore, to: youtubeAfter, at })
  }
  const twitchBefore = before.platforms.twitch?.login
  const twitchAfter = after.platforms.twitch?.login
  if (twitchBefore && twitchAfter && twitchBefore !== twitchAfter) {
    changes.push({ creatorId, platform: 'twitch', change: 'new_handle', from: twitchBefore, to: twitchAfter, at })
  }
  if (before.category !== after.category) {
    changes.push({ creatorId, platform: 'creatorino', change: 'category_change', from: before.category, to: after.category, at })
  }
  return changes
}
