import { z } from 'zod'

/**
 * A task's lock, `_id` = the task name: held by `owner` until `expiresAt`. An expired lock belongs
 * to a run that crashed or hung, and the next run takes it over.
 */
export const taskLockSchema = z.object({
  _id: z.string().min(1),
  owner: z.string().min(1),
  acquiredAt: z.date(),
  expiresAt: z.date(),
})
export type TaskLockDocument = z.infer<typeof taskLockSchema>

/** `skipped`: another run held the lock, so this one did nothing. */
/** partial: stopped at its time budget (a Workers scheduled event's limits); the next run goes on where it stopped. */
export const taskRunStatusSchema = z.enum(['ok', 'partial', 'failed', 'skipped'])
export type TaskRunStatus = z.infer<typeof taskRunStatusSchema>

/** One run of a scheduled task, kept about two weeks for the admin's sync overview. */
export const taskRunSchema = z.object({
  task: z.string().min(1),
  /** Which process or isolate ran it (the lock owner). */
  runner: z.string().min(1),
  startedAt: z.date(),
  finishedAt: z.date(),
  durationMs: z.number().nonnegative(),
  status: taskRunStatusSchema,
  /** The counts the task returned (creators touched, events upserted, units spent…). */
  result: z.record(z.string(), z.number()),
  /** The first error messages of the run, bounded; a failed run's own error is always among them. */
  errors: z.array(z.string()),
  /** How many errors the run met, including those not kept in `errors`. */
  errorCount: z.number().int().nonnegative(),
})
export type TaskRun = z.infer<typeof taskRunSchema>

export const YOUTUBE_QUOTA_PLATFORM = 'youtube'

/** YouTube quota units spent on one Pacific day (the quota's own day), `_id` = `youtube:<YYYY-MM-DD>`. */
export const youtubeQuotaDaySchema = z.object({
  _id: z.string().regex(/^youtube:\d{4}-\d{2}-\d{2}$/),
  platform: z.literal(YOUTUBE_QUOTA_PLATFORM),
  /** The calendar day in America/Los_Angeles. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  unitsSpent: z.number().int().nonnegative(),
  /** Set when YouTube answered quotaExceeded: no call before this instant (the next reset). */
  exhaustedUntil: z.date().nullable(),
  updatedAt: z.date(),
})
export type YoutubeQuotaDay = z.infer<typeof youtubeQuotaDaySchema>
