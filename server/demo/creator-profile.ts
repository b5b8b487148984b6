import type { CreatorCategory } from '../db/index.ts'
import type { DemoCreator } from './cast.ts'

export interface DemoProfile {
  name: string
  handle: string
  twitchLogin: string
  category: CreatorCategory
}

/** How a demo creator presents itself on a given day of the world, its planned changes applied. */
export function profileOn(creator: DemoCreator, dayOffset: number): DemoProfile {
  const profile: DemoProfile = { name: creator.name, handle: creator.handle, twitchLogin: creator.twitchLogin, category: creator.category }
  for (const change of creator.profileChanges) {
    if (change.dayOffset > dayOffset) break
    if (change.kind === 'rename') profile.name = change.value
    else if (change.kind === 'category_change') profile.category = change.value as CreatorCategory
    else if (creator.youtube) profile.handle = change.value
    else profile.twitchLogin = change.value.toLowerCase()
  }
  return profile
}

/** The handle others use to mention the creator on a platform. */
export function mentionHandleOn(creator: DemoCreator, dayOffset: number, platform: 'youtube' | 'twitch'): string {
  const profile = profileOn(creator, dayOffset)
  if (platform === 'twitch' && creator.twitch) return profile.twitchLogin
  return creator.youtube ? profile.handle : profile.twitchLogin
}
