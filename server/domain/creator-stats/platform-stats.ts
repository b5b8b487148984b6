import type { CreatorPlatforms, CreatorSortKeys, CreatorStats } from '../../db/index.ts'
import { dateSortKeyOf, sortKeyOf } from '../../db/index.ts'

/** Sum of the known values; null when none is known. */
export function sumOfKnown(values: Array<number | null | undefined>): number | null {
  let total: number | null = null
  for (const value of values) {
    if (value !== null && value !== undefined) total = (total ?? 0) + value
  }
  return total
}

export type PlatformStats = Pick<CreatorStats, 'subscribers' | 'audienceIsPartial' | 'videos' | 'totalViews' | 'joinDate'>

/** The stats that follow from the platform accounts alone. */
export function platformStatsOf(platforms: CreatorPlatforms): PlatformStats {
  const { youtube, twitch } = platforms
  const audienceParts = [...(youtube ? [youtube.subscribers] : []), ...(twitch ? [twitch.followers] : [])]
  const joinDates = [youtube?.joinedAt, twitch?.joinedAt].filter(date => date !== undefined)
  return {
    subscribers: sumOfKnown(audienceParts),
    audienceIsPartial: audienceParts.some(part => part === null),
    videos: sumOfKnown([youtube?.videos, twitch?.videos]),
    totalViews: youtube?.views ?? null,
    joinDate: joinDates.length === 0 ? null : new Date(Math.min(...joinDates.map(date => date.getTime()))),
  }
}

export function sortKeysOf(stats: CreatorStats): CreatorSortKeys {
  return {
    subscribers: sortKeyOf(stats.subscribers),
    videos: sortKeyOf(stats.videos),
    totalViews: sortKeyOf(stats.totalViews),
    recentGrowth: sortKeyOf(stats.recentGrowth),
    averageViews: sortKeyOf(stats.averageViews),
    joinDate: dateSortKeyOf(stats.joinDate),
  }
}
