import { z } from 'zod'

/**
 * The YouTube sync's bookkeeping for one tracked channel, `_id` = the channel id (UC…): when each
 * kind of refresh last happened, so every run knows which channels are due. Not creator data: it
 * can be dropped at any time, and the next run simply treats every channel as due.
 */
export const youtubeChannelSyncSchema = z.object({
  _id: z.string().min(1),
  creatorId: z.string().min(1),
  /** The last channels.list that answered about the channel (found or not). */
  statsCheckedAt: z.date().nullable(),
  /** Since when channels.list no longer returns the channel (deleted, terminated); null while it does. */
  missingSince: z.date().nullable(),
  /** The last read of its upload feed (answered or failed). */
  feedCheckedAt: z.date().nullable(),
  /** Failed feed reads in a row: each one doubles the wait before the next read. */
  feedFailures: z.number().int().nonnegative(),
  /** The newest upload seen: what decides how often the channel is refreshed. */
  lastUploadAt: z.date().nullable(),
  /** Ids of the latest feed that already have an event: no need to look them up again. */
  knownVideoIds: z.array(z.string()),
  /** Videos of the feed that are not events yet (upcoming, live, private) and when to ask again. */
  deferredVideos: z.array(z.object({ videoId: z.string().min(1), retryAt: z.date() })),
  /** The last refresh of the metrics of its recent uploads. */
  metricsRefreshedAt: z.date().nullable(),
  lastError: z.object({ at: z.date(), message: z.string() }).nullable(),
  updatedAt: z.date(),
})
export type YoutubeChannelSync = z.infer<typeof youtubeChannelSyncSchema>
