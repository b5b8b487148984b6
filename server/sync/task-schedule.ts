/**
 * When each task runs (cron, UTC), after the seed design's cadences. nuxt.config passes this table to
 * Nitro's scheduledTasks, and so to the Workers' Cron Triggers; the admin overview lists its tasks.
 */
export const TASK_SCHEDULE: Record<string, string[]> = {
  '*/5 * * * *': ['twitch:live'],
  '*/30 * * * *': ['twitch:sync'],
  '15 0 * * *': ['stats:aggregate'],
  '0 */6 * * *': ['trending:compute'],
}

export const SCHEDULED_TASK_NAMES = [...new Set(Object.values(TASK_SCHEDULE).flat())].sort()
