/**
 * Below this audience, relative growth is mostly noise (10 → 20 followers is +100 %), so the score
 * is scaled down; well above it the factor is ~1 and size stops mattering.
 */
export const CONFIDENT_AUDIENCE = 5_000
const AUDIENCE_WEIGHT = 0.6
const VIEWS_WEIGHT = 0.4

export interface TrendingFigures {
  /** Audience growth over the period, in percent. */
  audienceGrowthRate: number
  /** YouTube view growth over the period, in percent; null without a YouTube channel. */
  viewGrowthRate: number | null
  /** Audience at the start of the period. */
  audienceBefore: number
}

/**
 * How much a creator is trending: relative growth of audience and views, so a huge creator that
 * stands still scores ~0 while a small one growing fast climbs; tiny audiences are damped.
 */
export function trendingScore({ audienceGrowthRate, viewGrowthRate, audienceBefore }: TrendingFigures): number {
  const growth = viewGrowthRate === null
    ? audienceGrowthRate
    : AUDIENCE_WEIGHT * audienceGrowthRate + VIEWS_WEIGHT * viewGrowthRate
  const confidence = audienceBefore / (audienceBefore + CONFIDENT_AUDIENCE)
  return Math.round(growth * confidence * 1000) / 1000
}
