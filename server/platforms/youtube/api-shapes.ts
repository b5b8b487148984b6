import { z } from 'zod'

/** An RFC 3339 time as YouTube writes it (`2023-05-11T00:20:46Z`, `…43.000Z`), as a Date. */
export const apiDateSchema = z.iso.datetime({ offset: true }).transform(text => new Date(text))

/** YouTube sends counts as decimal strings ("3331930783"); read as numbers at the boundary. */
export const apiCountSchema = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number)

const thumbnailSchema = z.object({ url: z.string(), width: z.number().optional(), height: z.number().optional() })

export const thumbnailsSchema = z.object({
  default: thumbnailSchema.optional(),
  medium: thumbnailSchema.optional(),
  high: thumbnailSchema.optional(),
  standard: thumbnailSchema.optional(),
  maxres: thumbnailSchema.optional(),
})
export type YoutubeThumbnails = z.infer<typeof thumbnailsSchema>

/** The largest thumbnail offered (channels stop at `high`, videos may go up to `maxres`). */
export function bestThumbnailUrl(thumbnails: YoutubeThumbnails): string | null {
  const { maxres, standard, high, medium, default: smallest } = thumbnails
  return (maxres ?? standard ?? high ?? medium ?? smallest)?.url ?? null
}

/** A list answer: `items` is left out entirely when nothing matched. */
export function listResponseSchema<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item).default([]), nextPageToken: z.string().optional() })
}

/** channels.list and videos.list take at most 50 ids per call. */
export const IDS_PER_CALL = 50

export function batchesOf<T>(values: T[], size = IDS_PER_CALL): T[][] {
  const batches: T[][] = []
  for (let start = 0; start < values.length; start += size) batches.push(values.slice(start, start + size))
  return batches
}
