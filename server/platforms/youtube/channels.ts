import { z } from 'zod'
import { apiCountSchema, apiDateSchema, batchesOf, listResponseSchema, thumbnailsSchema } from './api-shapes.ts'
import type { YoutubeClient } from './youtube-client.ts'

export const youtubeChannelSchema = z.object({
  id: z.string().min(1),
  snippet: z.object({
    title: z.string(),
    description: z.string().default(''),
    /** `@handle` since 2022; older answers held a custom URL name without the `@`. */
    customUrl: z.string().optional(),
    publishedAt: apiDateSchema,
    thumbnails: thumbnailsSchema.default({}),
    country: z.string().optional(),
  }),
  statistics: z.object({
    viewCount: apiCountSchema.optional(),
    /** Absent when hiddenSubscriberCount is true; rounded down to 3 significant figures above 1,000. */
    subscriberCount: apiCountSchema.optional(),
    hiddenSubscriberCount: z.boolean().default(false),
    videoCount: apiCountSchema.optional(),
  }).optional(),
  contentDetails: z.object({
    relatedPlaylists: z.object({ uploads: z.string().optional() }).default({}),
  }).optional(),
  brandingSettings: z.object({
    image: z.object({ bannerExternalUrl: z.string().optional() }).optional(),
  }).optional(),
})
export type YoutubeChannel = z.infer<typeof youtubeChannelSchema>

const channelListSchema = listResponseSchema(youtubeChannelSchema)

const CHANNEL_PARTS = 'snippet,statistics,contentDetails,brandingSettings'

/**
 * Channels by id, 50 per call, one call after another (a spent quota stops the rest). Unknown or
 * terminated channels are simply missing from the result.
 */
export async function fetchChannels(client: YoutubeClient, channelIds: string[]): Promise<YoutubeChannel[]> {
  const channels: YoutubeChannel[] = []
  for (const batch of batchesOf([...new Set(channelIds)])) {
    const { items } = await client.list('channels', { part: CHANNEL_PARTS, id: batch.join(',') }, channelListSchema)
    channels.push(...items)
  }
  return channels
}

/** The channel with this handle (with or without its `@`), or null. */
export async function fetchChannelByHandle(client: YoutubeClient, handle: string): Promise<YoutubeChannel | null> {
  const forHandle = handle.startsWith('@') ? handle : `@${handle}`
  const { items } = await client.list('channels', { part: CHANNEL_PARTS, forHandle }, channelListSchema)
  return items[0] ?? null
}

/** The channel of a legacy username (youtube.com/user/NAME), or null. */
export async function fetchChannelByUsername(client: YoutubeClient, username: string): Promise<YoutubeChannel | null> {
  const { items } = await client.list('channels', { part: CHANNEL_PARTS, forUsername: username }, channelListSchema)
  return items[0] ?? null
}
