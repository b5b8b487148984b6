import { z } from 'zod'
import { CREATOR_CATEGORIES, CREATOR_SORTS, PLATFORMS, TIMELINE_EVENT_TYPES, TRENDING_PERIODS } from '../vocabulary.ts'

/**
 * Schemas of the read API's query and route parameters. Query values arrive as strings: integers are
 * parsed strictly (no `1e2`, `0x10` or blanks), so every accepted spelling means one number.
 */

export const creatorCategorySchema = z.enum(CREATOR_CATEGORIES, { error: `must be one of ${CREATOR_CATEGORIES.join(', ')}` })
export type CreatorCategory = z.infer<typeof creatorCategorySchema>

export const platformSchema = z.enum(PLATFORMS, { error: `must be one of ${PLATFORMS.join(', ')}` })
export type Platform = z.infer<typeof platformSchema>

export const creatorSortSchema = z.enum(CREATOR_SORTS, { error: `must be one of ${CREATOR_SORTS.join(', ')}` })
export type CreatorSort = z.infer<typeof creatorSortSchema>

/** An integer query parameter within [min, max], `fallback` when absent. */
export function integerParam(min: number, max: number, fallback: number) {
  const outOfBounds = `must be between ${min} and ${max}`
  return z.union([z.number(), z.string().regex(/^-?\d+$/).transform(Number)], { error: 'must be a whole number' })
    .pipe(z.number().int('must be a whole number').min(min, outOfBounds).max(max, outOfBounds))
    .optional()
    .transform(value => value ?? fallback)
}

export const paginationQuerySchema = z.object({
  limit: integerParam(1, 100, 50).describe('How many items to return.'),
  offset: integerParam(0, 10_000, 0).describe('How many items to skip.'),
})

export const creatorListQuerySchema = paginationQuerySchema.extend({
  category: creatorCategorySchema.optional().describe('Only creators of this category.'),
  platform: platformSchema.optional().describe('Only creators on this platform.'),
  sort: creatorSortSchema.optional().transform(sort => sort ?? 'audience')
    .describe('Largest audience, fastest 30-day growth, most views, name (A to Z) or newest channel first; unknown values last.'),
})
export type CreatorListQuery = z.output<typeof creatorListQuerySchema>

/** A creator in a URL: its creatorId (`cr_…`), slug or a former slug. */
export const creatorRefParamsSchema = z.object({
  id: z.string({ error: 'must be a creator id or slug' }).min(1, 'must be a creator id or slug').max(200, 'must be at most 200 characters')
    .meta({ description: 'The creator: its creatorId (`cr_…`), slug or a former slug.', examples: ['alex-plays'] }),
})
export type CreatorRefParams = z.output<typeof creatorRefParamsSchema>

export const timelineEventTypeSchema = z.enum(TIMELINE_EVENT_TYPES, { error: `must be one of ${TIMELINE_EVENT_TYPES.join(', ')}` })
export type TimelineEventType = z.infer<typeof timelineEventTypeSchema>

/** An opaque feed position: base64url of "<publishedAt ms>.<eventId>", so equal times still page stably. */
export const timelineCursorSchema = z.string({ error: 'must be a cursor from nextCursor' })
  .max(100, 'must be a cursor from nextCursor')
  .transform((cursor, context) => {
    const decoded = /^[\w-]+$/.test(cursor) ? decodeBase64Url(cursor) : ''
    const match = /^(\d{1,15})\.(ev_[a-z0-9]+)$/.exec(decoded)
    if (!match) {
      context.addIssue({ code: 'custom', message: 'must be a cursor from nextCursor' })
      return z.NEVER
    }
    return { publishedAt: new Date(Number(match[1])), eventId: match[2]! }
  })
export type TimelineCursor = z.output<typeof timelineCursorSchema>

export function encodeTimelineCursor(cursor: TimelineCursor): string {
  return encodeBase64Url(`${cursor.publishedAt.getTime()}.${cursor.eventId}`)
}

function encodeBase64Url(text: string): string {
  return btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

function decodeBase64Url(text: string): string {
  try {
    return atob(text.replaceAll('-', '+').replaceAll('_', '/'))
  }
  catch {
    return ''
  }
}

/** A timeline or the activity feed: newest first, paged by `before` (stable) or `offset` (not both). */
export const timelineQuerySchema = z.object({
  limit: integerParam(1, 100, 20).describe('How many events to return.'),
  offset: integerParam(0, 10_000, 0).describe('How many events to skip; `before` pages stably while new events arrive.'),
  type: timelineEventTypeSchema.optional().describe('Only events of this type.'),
  platform: platformSchema.optional().describe('Only events from this platform.'),
  before: timelineCursorSchema.optional().describe('The previous page\'s `nextCursor`: the events after it. Not with `offset`.'),
}).superRefine((query, context) => {
  if (query.before && query.offset > 0) {
    context.addIssue({ code: 'custom', path: ['offset'], message: 'cannot be combined with before: page with nextCursor only' })
  }
})
export type TimelineQuery = z.output<typeof timelineQuerySchema>

/** `?days&platform` of a creator's statistics and growth series. */
export const growthQuerySchema = z.object({
  days: integerParam(1, 365, 90).describe('How many days, ending at the latest recorded day.'),
  platform: platformSchema.optional().describe('Only this platform\'s figures.'),
})
export type GrowthQuery = z.output<typeof growthQuerySchema>

export const trendingPeriodSchema = z.enum(TRENDING_PERIODS, { error: `must be one of ${TRENDING_PERIODS.join(', ')}` })
export type TrendingPeriod = z.infer<typeof trendingPeriodSchema>

export const trendingQuerySchema = paginationQuerySchema.extend({
  limit: integerParam(1, 100, 20).describe('How many ranked creators to return.'),
  category: creatorCategorySchema.optional().describe('This category\'s ranking; the overall ranking when absent.'),
  period: trendingPeriodSchema.optional().transform(period => period ?? '7d').describe('The period growth is measured over.'),
})
export type TrendingQuery = z.output<typeof trendingQuerySchema>

export const trendingStatsQuerySchema = z.object({
  category: creatorCategorySchema.optional().describe('Only this category\'s creators; every category when absent.'),
})
export type TrendingStatsQuery = z.output<typeof trendingStatsQuerySchema>

export const searchQuerySchema = z.object({
  q: z.string({ error: 'is required: 1 to 100 characters' })
    .trim()
    .min(1, 'is required: 1 to 100 characters')
    .max(100, 'must be at most 100 characters')
    .meta({ description: 'Text to find in creator names and handles; case and accents do not matter.', examples: ['alex'] }),
  limit: integerParam(1, 50, 10).describe('How many creators to return.'),
})
export type SearchQuery = z.output<typeof searchQuerySchema>

/** The alias route `/api/timeline/:creatorId`. */
export const creatorIdParamsSchema = z.object({
  creatorId: creatorRefParamsSchema.shape.id,
})
