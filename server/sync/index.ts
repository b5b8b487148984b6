export { acquireTaskLock, type TaskLock, type TaskLockOptions } from './task-lock.ts'
export {
  createQuotaSpendRecorder, pacificDay, runBudget, runsLeftToday, YOUTUBE_DAILY_QUOTA, youtubeQuotaLedger,
  type RunPlan, type YoutubeQuotaLedger,
} from './youtube-quota-ledger.ts'
export { errorMessageOf, lastTaskRun, MAX_ERRORS_PER_RUN, recentTaskErrors, recordTaskRun, type RecentTaskError } from './task-runs.ts'
export { isTimeBudgetSpent, runLockedTask, TaskLockLostError, TaskTimeBudgetSpentError, type RunLockedTaskOptions, type TaskContext, type TaskCounts } from './run-task.ts'
export { syncOverview, type SyncOverview, type SyncOverviewOptions, type TaskOverview } from './sync-overview.ts'
