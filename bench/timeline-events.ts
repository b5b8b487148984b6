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

export function timelineEvent(i: number): TimelineEvent {
  const creator = i % CREATORS
  return {
    eventId: `yt_${i.toString(36).padStart(8, '0')}`,
    creatorId: `cr_${creator.toString(36).padStart(6, '0')}`,
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
