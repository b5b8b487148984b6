import type { Db } from 'mongodb'
import { collectionsOf, taskRunSchema, type TaskRun, type TaskRunStatus } from '../db/index.ts'

/** Messages kept per run and their length: a run where every channel fails must not make a huge document. */
export const MAX_ERRORS_PER_RUN = 20
const MAX_ERROR_LENGTH = 500

export async function recordTaskRun(db: Db, run: TaskRun): Promise<void> {
  await collectionsOf(db).taskRuns.insertOne(taskRunSchema.parse(run))
}

export function errorMessageOf(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error)
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message
}

/** A run's errors: all counted, the first `max` kept, and the one that ended the run kept in any case. */
export function createRunErrors(max = MAX_ERRORS_PER_RUN): { add(error: unknown): void, addFinal(error: unknown): void, messages: string[], readonly count: number } {
  const messages: string[] = []
  let count = 0
  return {
    messages,
    get count() {
      return count
    },
    add(error) {
      count += 1
      if (messages.length < max) messages.push(errorMessageOf(error))
    },
    addFinal(error) {
      count += 1
      if (messages.length >= max) messages.splice(max - 1)
      messages.push(errorMessageOf(error))
    },
  }
}

const withoutId = { projection: { _id: 0 } } as const

export async function lastTaskRun(db: Db, task: string, status?: TaskRunStatus): Promise<TaskRun | null> {
  return collectionsOf(db).taskRuns.findOne(status ? { task, status } : { task }, { ...withoutId, sort: { startedAt: -1 } })
}

export interface RecentTaskError {
  /** When the run that met it started. */
  at: Date
  message: string
}

/**
 * The latest error messages of a task, newest first, from its latest runs that met any. Walks the
 * task's runs newest first (index task_latest): two weeks of runs at most, and read by admins only.
 */
export async function recentTaskErrors(db: Db, task: string, limit: number): Promise<RecentTaskError[]> {
  const runs = await collectionsOf(db).taskRuns
    .find({ task, errorCount: { $gt: 0 } }, withoutId)
    .sort({ startedAt: -1 })
    .limit(limit)
    .toArray()
  return runs
    .flatMap(run => run.errors.toReversed().map(message => ({ at: run.startedAt, message })))
    .slice(0, limit)
}

/** Names of the tasks that ran within the runs' retention. */
export async function tasksWithRuns(db: Db): Promise<string[]> {
  const names = await collectionsOf(db).taskRuns.distinct('task')
  return names.sort()
}
