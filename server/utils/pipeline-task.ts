import type { Db } from 'mongodb'
import type { PipelineOptions } from '../domain/pipeline-changes.ts'
import type { TaskRun } from '../db/index.ts'
import { runLockedTask, type TaskContext, type TaskCounts } from '../sync/index.ts'

/**
 * The body of every scheduled task: under the task's lock (a second run of the same task, here or
 * in another process, is recorded as skipped), with the run recorded for /api/admin/sync, and the
 * pipeline's changes published so cached answers and pages are purged here and journaled for others.
 */
export async function runPipelineTask(name: string, work: (db: Db, options: PipelineOptions, context: TaskContext) => Promise<TaskCounts | void>) {
  const { db } = await useDatabase()
  return publishingChanges(db, options => runLockedTask(db, name, context => work(db, options, context)))
}

/** What a task answers (POST /api/admin/tasks/:name shows it): its run, or why it cannot run here. */
export type TaskOutcome = { result: TaskRun | { task: string, status: 'not-configured', reason: string } }

/** A platform task without its credentials: nothing to do, said plainly rather than failing each run. */
export function notConfigured(task: string, reason: string): TaskOutcome {
  return { result: { task, status: 'not-configured', reason } }
}
