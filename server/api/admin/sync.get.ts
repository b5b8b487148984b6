import { syncOverview } from '../../sync/index.ts'
import { SCHEDULED_TASK_NAMES } from '../../sync/task-schedule.ts'

/** Per task: last run, duration, result, failures and recent errors; today's YouTube quota. */
export default defineEventHandler(async (event) => {
  requireAdmin(event)
  const { db } = await useDatabase(event)
  return syncOverview(db, { tasks: SCHEDULED_TASK_NAMES })
})
