import { z } from 'zod'
import { creatorCategorySchema, platformSchema, timelineEventTypeSchema } from './query-params.ts'

/** A count a platform may hide: `null` means unknown, never 0. */
const countSchema = z.int().nonnegative().nullable()
const isoDateTimeSchema = z.iso.datetime()

export const creatorStatsDtoSchema = z.object({
  /** Total audience: YouTube subscribers + Twitch followers. */
  subscribers: countSchema,
  /** Some platform's audience is unknown, so `subscribers` is a lower bound (or null). */
  audienceIsPartial: z.boolean(),
  videos: countSchema,
  totalViews: countSchema,
  /** Growth of the total audience over 30 days, in percent. */
  recentGrowth: z.number().nullable(),
  averageViews: countSchema,
  joinDate: isoDateTimeSchema.nullable(),
})

export const youtubeAccountDtoSchema = z.object({
  channelId: z.string(),
  handle: z.string(),
  title: z.string(),
  subscribers: countSchema,
  views: countSchema,
  videos: countSchema,
  verified: z.boolean(),
  joinedAt: isoDateTimeSchema,
  url: z.url(),
})

export const twitchAccountDtoSchema = z.object({
  userId: z.string(),
  login: z.string(),
  displayName: z.string(),
  followers: countSchema,
  videos: countSchema,
  isLive: z.boolean(),
  lastStreamAt: isoDateTimeSchema.nullable(),
  verified: z.boolean(),
  joinedAt: isoDateTimeSchema,
  url: z.url(),
})

export const creatorDtoSchema = z.object({
  /** The stable creatorId (`cr_…`). */
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  avatarUrl: z.string(),
  bannerUrl: z.string(),
  category: creatorCategorySchema,
  verified: z.boolean(),
  description: z.string(),
  stats: creatorStatsDtoSchema,
  socialLinks: z.record(z.string(), z.string()),
  platforms: z.object({
    youtube: youtubeAccountDtoSchema.optional(),
    twitch: twitchAccountDtoSchema.optional(),
  }),
  /** The creator's page on this site, relative to its origin. */
  url: z.string(),
  lastUpdated: isoDateTimeSchema,
})
export type CreatorDto = z.infer<typeof creatorDtoSchema>

export const timelineEventDtoSchema = z.object({
  id: z.string(),
  date: isoDateTimeSchema,
  type: timelineEventTypeSchema,
  title: z.string(),
  description: z.string(),
  views: countSchema,
  likes: countSchema,
  comments: countSchema,
  /** Streams only, when their audience was followed: the most and the average concurrent viewers. */
  peakViewers: z.int().nonnegative().optional(),
  averageViewers: z.int().nonnegative().optional(),
  /** Streams only: Σ viewers × time watched, in hours (one decimal). */
  hoursWatched: z.number().nonnegative().optional(),
  thumbnail: z.string().optional(),
  /** "21:03" or "3:08:33". */
  duration: z.string().regex(/^(?:\d+:[0-5]\d|[1-9]\d*:[0-5]\d:[0-5]\d)$/).optional(),
  platform: z.union([platformSchema, z.literal('creatorino')]),
  url: z.string().optional(),
})
export type TimelineEventDto = z.infer<typeof timelineEventDtoSchema>

export const creatorProfileDtoSchema = creatorDtoSchema.extend({
  /** The latest 20 events, newest first. */
  timeline: z.array(timelineEventDtoSchema),
})
export type CreatorProfileDto = z.infer<typeof creatorProfileDtoSchema>

export const categoryDtoSchema = z.object({
  id: creatorCategorySchema,
  name: z.string(),
  creatorCount: z.int().nonnegative(),
})
export type CategoryDto = z.infer<typeof categoryDtoSchema>
