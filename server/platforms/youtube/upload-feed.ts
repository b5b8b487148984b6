import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { $Fetch } from 'ofetch'
import { z } from 'zod'
import { apiDateSchema } from './api-shapes.ts'
import { nextQuotaResetAt } from './quota-reset.ts'
import { YoutubeUnexpectedResponseError, youtubeErrorOfFailedCall } from './youtube-errors.ts'

/** One video of a channel's Atom feed (its latest 15 uploads; free, but it can lag for small channels). */
export interface YoutubeFeedEntry {
  videoId: string
  channelId: string
  title: string
  publishedAt: Date
  /** Changes with the title, description or view count: not a sign of a new upload. */
  updatedAt: Date | null
}

const feedSchema = z.object({
  feed: z.object({
    entry: z.array(z.object({
      'yt:videoId': z.string().min(1),
      'yt:channelId': z.string().min(1),
      'title': z.string().default(''),
      'published': apiDateSchema,
      'updated': apiDateSchema.optional(),
    })).default([]),
  }),
})

const parser = new XMLParser({
  // Keep every text as text: a title like "2024" or "1e3" must not turn into a number.
  parseTagValue: false,
  ignoreAttributes: true,
  // One entry must still be a list.
  isArray: (_name, jpath) => jpath === 'feed.entry',
})

/** The entries of a YouTube channel feed (`yt:videoId`, `yt:channelId`, `title`, `published`). */
export function parseUploadFeed(xml: string): YoutubeFeedEntry[] {
  const valid = XMLValidator.validate(xml)
  if (valid !== true) throw new YoutubeUnexpectedResponseError(`The YouTube feed is not XML: ${valid.err.msg} (line ${valid.err.line})`, 'feed', 200, null)
  const parsed = feedSchema.safeParse(parser.parse(xml))
  if (!parsed.success) throw new YoutubeUnexpectedResponseError(`The YouTube feed has an unexpected shape:\n${z.prettifyError(parsed.error)}`, 'feed', 200, null)
  return parsed.data.feed.entry.map(entry => ({
    videoId: entry['yt:videoId'],
    channelId: entry['yt:channelId'],
    title: entry.title,
    publishedAt: entry.published,
    updatedAt: entry.updated ?? null,
  }))
}

/** A channel's latest uploads from its Atom feed: no API key, no quota. */
export async function fetchUploadFeed(feed: $Fetch, channelId: string): Promise<YoutubeFeedEntry[]> {
  let xml: string
  try {
    xml = await feed('videos.xml', { query: { channel_id: channelId }, responseType: 'text' })
  }
  catch (error) {
    // The feed spends no quota; the reset time only matters to the API's own errors.
    throw youtubeErrorOfFailedCall('feed', error, () => nextQuotaResetAt(new Date()))
  }
  return parseUploadFeed(xml)
}
