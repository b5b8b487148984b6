/** The timeline-like documents both database benchmarks insert: the shape and sizes of the app's events. */
export const CREATORS = 1000
export const YEAR_MS = 365 * 24 * 3600 * 1000
export const START = Date.UTC(2025, 10, 1)

export interface TimelineEvent {
  eventId: string
  creatorId: string
  platform: 'youtube' | 'twitch'
  type: string
  title: string
  description: string
  publishedAt: Date
  views: number
  likes: number
  comments: number
  duration: number
  thumbnail: string
}

/** murmur3's 32-bit finaliser: a bijection, so different inputs give different outputs. */
function mix32(value: number): number {
  let h = value >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/**
 * The two hex digits of each byte. Documents are built inside the timed load, on the same thread as
 * the driver that the load waits for, and `toString(16)` on numbers past 2^31 goes through V8's
 * runtime: three of them per document took ~1.3 µs of the ~12-16 the driver's side spends per document.
 */
const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

/** A 32-bit value as 8 hex digits: `value.toString(16).padStart(8, '0')`. */
function hex8(value: number): string {
  return HEX_PAIRS[value >>> 24]! + HEX_PAIRS[(value >>> 16) & 0xff]! + HEX_PAIRS[(value >>> 8) & 0xff]! + HEX_PAIRS[value & 0xff]!
}

/** Each creator's id, made once: `cr_` and its number in base 36 on 6 digits. */
const CREATOR_IDS = Array.from({ length: CREATORS }, (_, creator) => `cr_${creator.toString(36).padStart(6, '0')}`)

/**
 * The app's event ids are `ev_` and 24 hex digits of a SHA-256 (server/domain/events/event-id.ts), so
 * they arrive in random order: the unique index on them takes random inserts, which an ascending id
 * would spare it (a 300k load into an ascending id measured 22 % faster). These have that form, and
 * are distinct for distinct `i`: the first 8 digits alone are.
 */
export function eventIdOf(i: number): string {
  return `ev_${hex8(mix32(i))}${hex8(mix32(i ^ 0x5bd1e995))}${hex8(mix32(i + 0x27d4eb2f))}`
}

export function timelineEvent(i: number): TimelineEvent {
  const creator = i % CREATORS
  return {
    eventId: eventIdOf(i),
    creatorId: CREATOR_IDS[creator]!,
    platform: i % 3 === 0 ? 'twitch' : 'youtube',
    type: i % 3 === 0 ? 'stream' : 'video',
    title: `Video number ${i} of creator ${creator}: a title of typical length`,
    description: 'A short description of the upload, roughly as long as the ones the platforms return in lists.',
    publishedAt: new Date(START + Math.floor((i * 7919) % YEAR_MS)),
    views: (i * 7) % 1_000_000,
    likes: (i * 3) % 50_000,
    comments: i % 5_000,
    duration: 60 + (i % 3600),
    thumbnail: `https://i.ytimg.com/vi/${i.toString(36)}/mqdefault.jpg`,
  }
}

/** The indexes the app's timeline collection has, as createIndexes receives them. */
export const TIMELINE_INDEXES = [
  { key: { eventId: 1 }, name: 'eventId_1', unique: true },
  { key: { creatorId: 1, publishedAt: -1 }, name: 'creatorId_1_publishedAt_-1' },
  { key: { publishedAt: -1 }, name: 'publishedAt_-1' },
] as const
