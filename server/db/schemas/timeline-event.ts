import { z } from 'zod'
import { countSchema, dataSourceSchema, eventPlatformSchema } from './common.ts'

export const TIMELINE_EVENT_TYPES = ['video_upload', 'milestone', 'collaboration', 'announcement', 'stream'] as const
export const timelineEventTypeSchema = z.enum(TIMELINE_EVENT_TYPES)
export type TimelineEventType = z.infer<typeof timelineEventTypeSchema>

export const eventMetricsSchema = z.object({
  views: countSchema,
  likes: countSchema,
  comments: countSchema,
  shares: countSchema,
  /** Streams only. */
  peakViewers: countSchema,
  averageViewers: countSchema,
  /** Streams only: Σ viewers × time watched, in hours (one decimal). Absent from events stored before it existed. */
  hoursWatched: z.number().nonnegative().nullable().optional(),
})
export type EventMetrics = z.infer<typeof eventMetricsSchema>

export const milestoneMetricSchema = z.enum(['subscribers', 'followers', 'views'])
export type MilestoneMetric = z.infer<typeof milestoneMetricSchema>

export const profileChangeKindSchema = z.enum(['rename', 'new_handle', 'category_change'])
export type ProfileChangeKind = z.infer<typeof profileChangeKindSchema>

export const timelineEventSchema = z.object({
  /** Derived from (creatorId, platform, type, platformEventId): re-ingesting finds the same document. */
  eventId: z.string().regex(/^ev_[a-z0-9]+$/),
  creatorId: z.string(),
  platform: eventPlatformSchema,
  platformEventId: z.string().min(1),
  type: timelineEventTypeSchema,
  title: z.string(),
  description: z.string(),
  publishedAt: z.date(),
  metrics: eventMetricsSchema,
  media: z.object({
    thumbnailUrl: z.string().nullable(),
    durationSeconds: z.number().int().nonnegative().nullable(),
    url: z.string().nullable(),
  }),
  /** The other creators of a collaboration; empty otherwise. */
  relatedCreatorIds: z.array(z.string()),
  /** The upload or stream a derived event (collaboration) comes from. */
  sourceEventId: z.string().optional(),
  milestone: z.object({ metric: milestoneMetricSchema, threshold: z.number().int().positive() }).optional(),
  announcement: z.object({ change: profileChangeKindSchema, from: z.string(), to: z.string() }).optional(),
  metadata: z.object({
    dataSource: dataSourceSchema,
    lastUpdated: z.date(),
  }),
  createdAt: z.date(),
})
export type TimelineEventDocument = z.infer<typeof timelineEventSchema>
