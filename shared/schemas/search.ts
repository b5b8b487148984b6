import { z } from 'zod'
import { creatorDtoSchema } from './creator.ts'

export const SEARCH_MATCH_KINDS = ['exact', 'prefix', 'word'] as const

/** A search hit: the creator and how its name or handle matched, best kinds first. */
export const searchHitDtoSchema = creatorDtoSchema.extend({
  match: z.enum(SEARCH_MATCH_KINDS),
})
export type SearchHitDto = z.infer<typeof searchHitDtoSchema>

export const searchResultDtoSchema = z.object({
  items: z.array(searchHitDtoSchema),
  total: z.int().nonnegative(),
  limit: z.int().positive(),
  offset: z.literal(0),
  query: z.string(),
})
export type SearchResultDto = z.infer<typeof searchResultDtoSchema>
