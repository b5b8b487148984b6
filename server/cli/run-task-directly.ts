import { randomUUID } from 'node:crypto'
import type { Db } from 'mongodb'
import { collectionsOf, ensureIndexes } from '../db/index.ts'
import { appendToChangeJournal, collectChanges } from '../domain/change-journal.ts'
import { runLockedTask } from '../sync/index.ts'
import { notConfigured, type TaskOutcome } from '../sync/task-work.ts'
import { SCHEDULED_TASK_WORK } from './scheduled-task-work.ts'
import type { TaskSettings } from './task-settings-from-env.ts'

export type TaskResult = TaskOutcome['result']

/** Who wrote this CLI's change-journal entries. */
const JOURNAL_WRITER = 'npm-run-task'

/**
 * Runs a scheduled task in this process as the server's scheduler would: under the same MongoDB
 * lock (a run elsewhere makes this one 'skipped', and the other way round), recorded for
 * /api/admin/sync, its changes journaled so a running server purges stale answers within a minute.
 */
export async function runTaskDirectly(db: Db, task: string, settings: TaskSettings): Promise<TaskResult> {
  const workFor = SCHEDULED_TASK_WORK[task]
  if (!workFor) throw new Error(`${task} cannot run outside the server yet: start the server (npm run dev) and run this again`)
  const planned = workFor(settings)
  if ('notConfigured' in planned) return notConfigured(task, planned.notConfigured).result
  await ensureIndexes(db)
  const owner = `cli_${randomUUID()}`
  const changes = collectChanges()
  const publish = () => appendToChangeJournal(db, JOURNAL_WRITER, changes.take())
  const stopWatching = releaseLockOnInterrupt(db, task, owner, publish)
  try {
    return await runLockedTask(db, task, context => planned.work(db, { onChange: changes.onChange }, context), { owner })
  }
  finally {
    stopWatching()
    await publish()
  }
}

/**
 * Ctrl-C (or SIGTERM) mid-run: give the lock back and journal what was written, so the schedule
 * need not wait for the lock to lapse (10 minutes). A second Ctrl-C stops at once.
 */
function releaseLockOnInterrupt(db: Db, task: string, owner: string, publish: () => Promise<void>): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\nInterrupted: releasing the lock of ${task}…\n`)
    void Promise.allSettled([collectionsOf(db).taskLocks.deleteOne({ _id: task, owner }), publish()])
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  return () => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
