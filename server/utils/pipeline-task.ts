import { runLockedTask } from '../sync/index.ts'
import type { PipelineTaskWork, TaskOutcome as NitroFreeTaskOutcome } from '../sync/task-work.ts'

/**
 * The body of every scheduled task: under the task's lock (a second run of the same task, here or
 * in another process, is recorded as skipped), within its time budget (NUXT_TASK_TIME_BUDGET_MS; a
 * run that reaches it stops and is recorded as partial), with the run recorded for /api/admin/sync, and the
 * pipeline's changes published so cached answers and pages are purged here and journaled for others
 * (on Workers "here" is the KV cache every isolate shares, also from a Cron Trigger).
 * The changes are published before the run is recorded: a run that reads as finished has its
 * changes visible, and the next run of the task cannot start (the lock) while they are being purged.
 */
export async function runPipelineTask(name: string, work: PipelineTaskWork) {
  const timeBudgetMs = Number(useRuntimeConfig().taskTimeBudgetMs) || undefined
  return withTaskDatabase(({ db }) => runLockedTask(db, name, context => publishingChanges(db, options => work(db, options, context)), { timeBudgetMs }))
}

// Defined Nitro-free for the CLIs (server/sync/task-work.ts); exported here so the tasks keep them
// as auto-imports. A type is only auto-imported when declared here, not when re-exported.
export { notConfigured } from '../sync/task-work.ts'
export type TaskOutcome = NitroFreeTaskOutcome
