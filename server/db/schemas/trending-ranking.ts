import { z } from 'zod'
import { creatorCategorySchema } from './creator.ts'
import { dataSourceSchema, utcDaySchema } from './common.ts'

export const TRENDING_PERIODS = ['7d', '30d'] as const
export const trendingPeriodSchema = z.enum(TRENDING_PERIODS)
export type TrendingPeriod = z.infer<typeof trendingPeriodSchema>

export const OVERALL_CATEGORY = 'overall'
export const trendingCategorySchema = z.union([creatorCategorySchema, z.literal(OVERALL_CATEGORY)])
export type TrendingCategory = z.infer<typeof trendingCategorySchema>

export const trendingEntrySchema = z.object({
  creatorId: z.string(),
  rank: z.number().int().positive(),
  /** Rank in the previous day's ranking of the same category and period; null when unranked then. */
  previousRank: z.number().int().positive().nullable(),
  score: z.number(),
  /** Growth of the known audience over the period, in percent. */
  growthRate: z.number(),
  /** Growth of YouTube views over the period, in percent; null without YouTube views. */
  viewGrowthRate: z.number().nullable(),
  audienceGain: z.number().int(),
})
export type TrendingEntry = z.infer<typeof trendingEntrySchema>

/** One ranking per (UTC day, category or `overall`, period). */
export const trendingRankingSchema = z.object({
  date: utcDaySchema,
  category: trendingCategorySchema,
  period: trendingPeriodSchema,
  rankings: z.array(trendingEntrySchema),
  dataSource: dataSourceSchema,
  computedAt: z.date(),
  createdAt: z.date(),
})
export type TrendingRankingDocument = z.infer<typeof trendingRankingSchema>
