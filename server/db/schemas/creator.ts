import { z } from 'zod'
import { countSchema, dataSourceSchema } from './common.ts'

export const CREATOR_CATEGORIES = [
  'gaming', 'music', 'technology', 'education', 'entertainment',
  'comedy', 'sports', 'food', 'lifestyle', 'science',
] as const
export const creatorCategorySchema = z.enum(CREATOR_CATEGORIES)
export type CreatorCategory = z.infer<typeof creatorCategorySchema>

export const youtubeAccountSchema = z.object({
  channelId: z.string().min(1),
  /** Without the leading `@`, as the channel spells it. */
  handle: z.string().min(1),
  title: z.string(),
  subscribers: countSchema,
  views: countSchema,
  videos: countSchema,
  verified: z.boolean(),
  joinedAt: z.date(),
})
export type YoutubeAccount = z.infer<typeof youtubeAccountSchema>

export const twitchAccountSchema = z.object({
  userId: z.string().min(1),
  login: z.string().min(1),
  displayName: z.string(),
  followers: countSchema,
  videos: countSchema,
  isLive: z.boolean(),
  lastStreamAt: z.date().nullable(),
  verified: z.boolean(),
  joinedAt: z.date(),
  /** When `followers` was last asked of Twitch (absent: never, or before twitch:sync stored it). */
  followersObservedAt: z.date().optional(),
})
export type TwitchAccount = z.infer<typeof twitchAccountSchema>

export const creatorPlatformsSchema = z.object({
  youtube: youtubeAccountSchema.optional(),
  twitch: twitchAccountSchema.optional(),
}).refine(platforms => platforms.youtube !== undefined || platforms.twitch !== undefined, {
  message: 'a creator needs at least one platform account',
})
export type CreatorPlatforms = z.infer<typeof creatorPlatformsSchema>

export const creatorStatsSchema = z.object({
  /** Total audience: YouTube subscribers + Twitch followers, unknown parts left out. */
  subscribers: countSchema,
  /** Some platform's audience is unknown, so `subscribers` is a lower bound (or null). */
  audienceIsPartial: z.boolean(),
  videos: countSchema,
  /** The YouTube channel's views: Twitch no longer publishes a channel total. */
  totalViews: countSchema,
  /** Growth of the total audience over 30 days, in percent. */
  recentGrowth: z.number().nullable(),
  /** Over the last 20 uploads with known views. */
  averageViews: countSchema,
  /** The earliest account's creation date. */
  joinDate: z.date().nullable(),
})
export type CreatorStats = z.infer<typeof creatorStatsSchema>

/**
 * Numeric mirrors of `stats` for sorting in descending order: an unknown value becomes
 * UNKNOWN_SORT_KEY so it sorts last, and no sorted field ever mixes null with numbers.
 */
export const creatorSortKeysSchema = z.object({
  subscribers: z.number(),
  videos: z.number(),
  totalViews: z.number(),
  recentGrowth: z.number(),
  averageViews: z.number(),
  joinDate: z.number(),
})
export type CreatorSortKeys = z.infer<typeof creatorSortKeysSchema>

/**
 * Why a stored creator is kept out of every public answer: `pending` until its first sync has
 * written its profile and snapshots (MongoDB transactions being unavailable on the embedded
 * server, a tracking request killed half-way must leave nothing on show), `removing` while it is
 * being deleted. Absent: public, as every creator stored before this field existed.
 */
export const CREATOR_HIDDEN_STATES = ['pending', 'removing'] as const
export const creatorHiddenStateSchema = z.enum(CREATOR_HIDDEN_STATES)
export type CreatorHiddenState = z.infer<typeof creatorHiddenStateSchema>

export const creatorSchema = z.object({
  /** Opaque and stable (`cr_…`), never shown in URLs. */
  creatorId: z.string().regex(/^cr_[a-z0-9]+$/),
  name: z.string().min(1),
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  /** Former slugs that still resolve; absent rather than empty so a sparse unique index can hold them. */
  slugAliases: z.array(z.string()).min(1).optional(),
  avatarUrl: z.string(),
  bannerUrl: z.string(),
  category: creatorCategorySchema,
  verified: z.boolean(),
  description: z.string(),
  platforms: creatorPlatformsSchema,
  socialLinks: z.record(z.string(), z.string()),
  stats: creatorStatsSchema,
  sortKeys: creatorSortKeysSchema,
  /** Lowercased, accent-folded name: for prefix search and name order. */
  searchName: z.string(),
  /** Tokens of name, handles and slug with all their prefixes: search without $text. */
  searchTerms: z.array(z.string()),
  metadata: z.object({
    dataSource: dataSourceSchema,
    /** false: its sync is paused (its page stays). */
    isActive: z.boolean(),
    lastUpdated: z.date(),
    hidden: creatorHiddenStateSchema.optional(),
  }),
  createdAt: z.date(),
  updatedAt: z.date(),
  /**
   * Counts the writes of the document (absent before the first rewrite): upsertCreators replaces the
   * whole profile only if no other writer (the other platform's sync, a removal, the stats) changed
   * it since it was read, and every other writer bumps it.
   */
  revision: z.number().int().nonnegative().optional(),
})
export type CreatorDocument = z.infer<typeof creatorSchema>
