import { z } from 'zod'
import { creatorDtoSchema } from './creator.ts'
import { creatorCategorySchema, trendingPeriodSchema } from './query-params.ts'

export const trendingItemDtoSchema = z.object({
  rank: z.int().positive(),
  /** Rank in the previous ranking; null when the creator was not ranked then. */
  previousRank: z.int().positive().nullable(),
  score: z.number(),
  /** Audience growth over the period, in percent. */
  growthRate: z.number(),
  /** YouTube view growth over the period, in percent. */
  viewGrowthRate: z.number().nullable(),
  audienceGain: z.int(),
  creator: creatorDtoSchema,
  /** The last 30 daily audience values, oldest first; null for a day without a snapshot. */
  sparkline: z.array(z.int().nonnegative().nullable()),
})
export type TrendingItemDto = z.infer<typeof trendingItemDtoSchema>

export const trendingListDtoSchema = z.object({
  items: z.array(trendingItemDtoSchema),
  total: z.int().nonnegative(),
  limit: z.int().nonnegative(),
  offset: z.int().nonnegative(),
  category: z.union([creatorCategorySchema, z.literal('overall')]),
  period: trendingPeriodSchema,
  /** The UTC day of the ranking; null before the first ranking exists. */
  date: z.iso.date().nullable(),
  computedAt: z.iso.datetime().nullable(),
})
export type TrendingListDto = z.infer<typeof trendingListDtoSchema>

/** A creator in the statistics: enough to show and link it. */
const rankedCreatorDtoSchema = z.object({
  rank: z.int().positive(),
  growthRate: z.number(),
  audienceGain: z.int(),
  creator: creatorDtoSchema.pick({ id: true, slug: true, name: true, avatarUrl: true, category: true, verified: true, url: true, stats: true }),
})
export type RankedCreatorDto = z.infer<typeof rankedCreatorDtoSchema>

export const trendingStatsDtoSchema = z.object({
  period: trendingPeriodSchema,
  category: z.union([creatorCategorySchema, z.literal('overall')]),
  /** The latest ranking's UTC day and computation time; null before the first ranking. */
  date: z.iso.date().nullable(),
  computedAt: z.iso.datetime().nullable(),
  /** The top creator of each category's ranking. */
  leaders: z.array(rankedCreatorDtoSchema.extend({ category: creatorCategorySchema })),
  /** Fastest growing first. */
  gainers: z.array(rankedCreatorDtoSchema),
  /** Fastest shrinking first (negative growth only). */
  losers: z.array(rankedCreatorDtoSchema),
  totals: z.object({
    creators: z.int().nonnegative(),
    rankedCreators: z.int().nonnegative(),
    growing: z.int().nonnegative(),
    shrinking: z.int().nonnegative(),
    /** Sum of audience gains across ranked creators. */
    audienceGain: z.int(),
  }),
})
export type TrendingStatsDto = z.infer<typeof trendingStatsDtoSchema>
