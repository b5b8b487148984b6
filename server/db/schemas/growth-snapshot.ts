import { z } from 'zod'
import { accountPlatformSchema, countSchema, dataSourceSchema, utcDaySchema } from './common.ts'

/** One per creator, platform and UTC day: the last value observed that day. */
export const growthSnapshotSchema = z.object({
  creatorId: z.string(),
  platform: accountPlatformSchema,
  date: utcDaySchema,
  metrics: z.object({
    subscribers: countSchema,
    views: countSchema,
    videos: countSchema,
    followers: countSchema,
    /** Interactions per view of recent content, in percent; unknown when nothing was published. */
    engagement: z.number().nonnegative().nullable(),
  }),
  observedAt: z.date(),
  dataSource: dataSourceSchema,
  createdAt: z.date(),
})
export type GrowthSnapshotDocument = z.infer<typeof growthSnapshotSchema>
export type SnapshotMetrics = GrowthSnapshotDocument['metrics']
