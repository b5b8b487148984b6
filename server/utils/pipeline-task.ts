import type { Db } from 'mongodb'
import { collectChanges } from '../domain/change-journal.ts'
import type { PipelineOptions } from '../domain/pipeline-changes.ts'
import { runLockedTask, type TaskContext, type TaskCounts } from '../sync/index.ts'

/**
 * The body of every scheduled task: under the task's lock (a second run of the same task, here or
 * in another process, is recorded as skipped), with the run recorded for /api/admin/sync, and the
 * pipeline's changes published so cached answers and pages are purged here and journaled for others.
 */
export async function runPipelineTask(name: string, work: (db: Db, options: PipelineOptions, context: TaskContext) => Promise<TaskCounts | void>) {
  const { db } = await useDatabase()
  const changes = collectChanges()
  try {
    return await runLockedTask(db, name, context => work(db, { onChange: changes.onChange }, context))
  }
  finally {
    await publishPipelineChanges(db, changes.take())
  }
}
