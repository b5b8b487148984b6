import { z } from 'zod'
import { creatorDtoSchema, timelineEventDtoSchema } from './creator.ts'

/** A page of a timeline or of the activity feed; `nextCursor` is null on the last page. */
export const timelinePageDtoSchema = z.object({
  items: z.array(timelineEventDtoSchema),
  limit: z.int().positive(),
  nextCursor: z.string().nullable(),
})
export type TimelinePageDto = z.infer<typeof timelinePageDtoSchema>

/** An activity-feed event also names its creator, so a feed row needs no second call. */
export const feedEventDtoSchema = timelineEventDtoSchema.extend({
  creator: creatorDtoSchema.pick({ id: true, slug: true, name: true, avatarUrl: true, category: true, verified: true, url: true }),
})
export type FeedEventDto = z.infer<typeof feedEventDtoSchema>

export const feedPageDtoSchema = timelinePageDtoSchema.extend({
  items: z.array(feedEventDtoSchema),
})
export type FeedPageDto = z.infer<typeof feedPageDtoSchema>
