import { z } from 'zod'

/** The most ids one Helix call accepts, and the largest page it serves. */
export const HELIX_MAX_PER_CALL = 100

/** A Helix list answer: `data`, and a `pagination.cursor` while more pages follow. */
export function helixPageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    data: z.array(item),
    pagination: z.object({ cursor: z.string().optional() }).optional(),
  })
}

/** The cursor of the next page; none after the last page (absent, or empty on some endpoints). */
export function nextCursorOf(page: { pagination?: { cursor?: string } }): string | undefined {
  return page.pagination?.cursor || undefined
}

/** Distinct values in batches of at most `size`, in their first order. */
export function batchesOf<T>(values: readonly T[], size = HELIX_MAX_PER_CALL): T[][] {
  const distinct = [...new Set(values)]
  const batches: T[][] = []
  for (let start = 0; start < distinct.length; start += size) batches.push(distinct.slice(start, start + size))
  return batches
}
