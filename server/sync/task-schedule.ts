/**
 * When each task runs (cron, UTC), after the seed design's cadences. nuxt.config passes this table to
 * Nitro's scheduledTasks, and so to the Workers' Cron Triggers; the admin overview lists its tasks.
 */
export const TASK_SCHEDULE: Record<string, string[]> = {
  '*/5 * * * *': ['twitch:live'],
  // Offset from the half hours, when youtube:sync runs: the two YouTube tasks never wait on each other.
  '7,22,37,52 * * * *': ['youtube:uploads'],
  '*/30 * * * *': ['youtube:sync', 'twitch:sync'],
  '15 0 * * *': ['stats:aggregate'],
  '0 */6 * * *': ['trending:compute'],
  // Hourly, clear of every other task's minute: leases are renewed a day ahead, so an hour is plenty.
  '43 * * * *': ['push:subscribe'],
}

export const SCHEDULED_TASK_NAMES = [...new Set(Object.values(TASK_SCHEDULE).flat())].sort()
