import { z } from 'zod'

/**
 * Schemas of the read API's query and route parameters. Query values arrive as strings: integers are
 * parsed strictly (no `1e2`, `0x10` or blanks), so every accepted spelling means one number.
 */

export const CREATOR_CATEGORIES = [
  'gaming', 'music', 'technology', 'education', 'entertainment',
  'comedy', 'sports', 'food', 'lifestyle', 'science',
] as const
export const PLATFORMS = ['youtube', 'twitch'] as const
export const CREATOR_SORTS = ['audience', 'growth', 'views', 'name', 'newest'] as const

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
  limit: integerParam(1, 100, 50),
  offset: integerParam(0, 10_000, 0),
})

export const creatorListQuerySchema = paginationQuerySchema.extend({
  category: creatorCategorySchema.optional(),
  platform: platformSchema.optional(),
  sort: creatorSortSchema.optional().transform(sort => sort ?? 'audience'),
})
export type CreatorListQuery = z.output<typeof creatorListQuerySchema>

/** A creator in a URL: its creatorId (`cr_…`), slug or a former slug. */
export const creatorRefParamsSchema = z.object({
  id: z.string({ error: 'must be a creator id or slug' }).min(1, 'must be a creator id or slug').max(200, 'must be at most 200 characters'),
})
export type CreatorRefParams = z.output<typeof creatorRefParamsSchema>
