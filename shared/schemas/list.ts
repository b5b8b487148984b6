import { z } from 'zod'
import { categoryDtoSchema, creatorDtoSchema } from './creator.ts'

/** The answer of an offset-paged list: one page of items and the total across all pages. */
export function listDtoSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    total: z.int().nonnegative(),
    limit: z.int().nonnegative(),
    offset: z.int().nonnegative(),
  })
}
export interface ListDto<Item> {
  items: Item[]
  total: number
  limit: number
  offset: number
}

export const creatorListDtoSchema = listDtoSchema(creatorDtoSchema)
export type CreatorListDto = z.infer<typeof creatorListDtoSchema>

export const categoryListDtoSchema = listDtoSchema(categoryDtoSchema)
export type CategoryListDto = z.infer<typeof categoryListDtoSchema>
