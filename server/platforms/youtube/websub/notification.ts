import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { z } from 'zod'
import { apiDateSchema } from '../api-shapes.ts'

/**
 * One change the hub pushed. `video`: an upload, or an edit of its title or description (YouTube
 * pushes both; a `publishedAt` long before `updatedAt` means an edit). `deleted`: the video left
 * the channel's feed.
 */
export type YoutubePushNotification
  = { kind: 'video', videoId: string, channelId: string, title: string, publishedAt: Date, updatedAt: Date | null }
    | { kind: 'deleted', videoId: string, /** From the tombstone's author link, when it has one. */ channelId: string | null, deletedAt: Date }

/** A pushed body that is not YouTube's Atom notification (acknowledge it, then drop it). */
export class WebSubPayloadError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WebSubPayloadError'
  }
}

// An element with attributes arrives as { '#text': … }; keep titles readable either way.
const textSchema = z.union([z.string(), z.object({ '#text': z.string() }).transform(node => node['#text'])])

const entrySchema = z.object({
  videoId: z.string().min(1),
  channelId: z.string().min(1),
  title: textSchema.default(''),
  published: apiDateSchema,
  updated: apiDateSchema.optional(),
})

const VIDEO_REF_PREFIX = 'yt:video:'
const CHANNEL_URI = /\/channel\/(UC[\w-]{22})\/?$/

const deletedEntrySchema = z.object({
  '@_ref': z.string().startsWith(VIDEO_REF_PREFIX).transform(ref => ref.slice(VIDEO_REF_PREFIX.length)).pipe(z.string().min(1)),
  '@_when': apiDateSchema,
  'by': z.object({ uri: z.string().optional() }).optional(),
})

const notificationSchema = z.object({
  feed: z.object({
    'entry': z.array(entrySchema).default([]),
    'deleted-entry': z.array(deletedEntrySchema).default([]),
  }),
})

const parser = new XMLParser({
  // Text stays text: a title like "2024" or "1e3" must not turn into a number.
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Match on local names (videoId, deleted-entry): the meaning lies in the namespace, not in the
  // prefix a sender happens to pick for it.
  removeNSPrefix: true,
  isArray: (_name, jpath) => jpath === 'feed.entry' || jpath === 'feed.deleted-entry',
})

/** The entries of a notification the YouTube hub pushed: new or edited videos, and deletions. */
export function parseNotification(xml: string): YoutubePushNotification[] {
  const valid = XMLValidator.validate(xml)
  if (valid !== true) throw new WebSubPayloadError(`The pushed body is not XML: ${valid.err.msg} (line ${valid.err.line})`)
  const parsed = notificationSchema.safeParse(parser.parse(xml))
  if (!parsed.success) throw new WebSubPayloadError(`The pushed body is not a YouTube notification:\n${z.prettifyError(parsed.error)}`)
  const { entry, 'deleted-entry': deletions } = parsed.data.feed
  return [
    ...entry.map((video): YoutubePushNotification => ({
      kind: 'video',
      videoId: video.videoId,
      channelId: video.channelId,
      title: video.title,
      publishedAt: video.published,
      updatedAt: video.updated ?? null,
    })),
    ...deletions.map((deletion): YoutubePushNotification => ({
      kind: 'deleted',
      videoId: deletion['@_ref'],
      channelId: CHANNEL_URI.exec(deletion.by?.uri ?? '')?.[1] ?? null,
      deletedAt: deletion['@_when'],
    })),
  ]
}
