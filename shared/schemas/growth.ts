import { z } from 'zod'
import { platformSchema } from './query-params.ts'

const countSchema = z.int().nonnegative().nullable()
/** A UTC calendar day, "2026-11-25". */
const daySchema = z.iso.date()

/** One day of a growth chart: null where nothing was recorded that day (a gap) or the count is hidden. */
export const growthPointDtoSchema = z.object({
  date: daySchema,
  /** YouTube subscribers. */
  subscribers: countSchema,
  /** YouTube channel views. */
  views: countSchema,
  /** Twitch followers. */
  followers: countSchema,
})
export type GrowthPointDto = z.infer<typeof growthPointDtoSchema>

/** The seed's chart series: one point per day, oldest first, ending at the creator's latest recorded day. */
export const growthSeriesDtoSchema = z.object({
  creatorId: z.string(),
  /** "90d" */
  period: z.string(),
  platform: platformSchema.nullable(),
  data: z.array(growthPointDtoSchema),
})
export type GrowthSeriesDto = z.infer<typeof growthSeriesDtoSchema>

/** How one metric moved over the period: first and last known values. */
export const metricChangeDtoSchema = z.object({
  start: countSchema,
  end: countSchema,
  change: z.int().nullable(),
  /** Percent; null when it cannot be computed (unknown or zero start). */
  changePercent: z.number().nullable(),
})
export type MetricChangeDto = z.infer<typeof metricChangeDtoSchema>

export const snapshotDtoSchema = z.object({
  date: daySchema,
  platform: platformSchema,
  subscribers: countSchema,
  views: countSchema,
  videos: countSchema,
  followers: countSchema,
  /** Interactions per view of recent content, in percent. */
  engagement: z.number().nullable(),
})
export type SnapshotDto = z.infer<typeof snapshotDtoSchema>

/** A creator's statistics over `days`: the change of each metric and the daily snapshots behind it. */
export const creatorStatsReportDtoSchema = z.object({
  creatorId: z.string(),
  days: z.int().positive(),
  platform: platformSchema.nullable(),
  from: daySchema,
  to: daySchema,
  summary: z.object({
    subscribers: metricChangeDtoSchema,
    views: metricChangeDtoSchema,
    videos: metricChangeDtoSchema,
    followers: metricChangeDtoSchema,
  }),
  snapshots: z.array(snapshotDtoSchema),
})
export type CreatorStatsReportDto = z.infer<typeof creatorStatsReportDtoSchema>
