import type { Db } from 'mongodb'
import type { TaskRun, TaskRunStatus } from '../db/index.ts'
import { acquireTaskLock, type TaskLock } from './task-lock.ts'
import { createRunErrors, MAX_ERRORS_PER_RUN, recordTaskRun } from './task-runs.ts'

/** What a task reports: creators touched, events upserted, units spent, errors… */
export type TaskCounts = Record<string, number>

export interface TaskContext {
  /** Aborted when the run lost its lock (it lapsed and another run took it): stop writing. */
  signal: AbortSignal
  /** Renews the lock now, for steps that outlast the renewal timer; throws TaskLockLostError when it is gone. */
  renew(): Promise<void>
  /** Notes an error the run survives (one failing channel), kept in the run's record. */
  reportError(error: unknown): void
}

export interface RunLockedTaskOptions {
  /** The lock's lifetime without renewal: how soon a crashed run's task can run again. */
  ttlMs?: number
  /** Default: a third of ttlMs, so two renewals can fail before the lock lapses. */
  renewEveryMs?: number
  /** Default: a random id, unique per run. */
  owner?: string
  maxErrors?: number
  now?: () => Date
}

export class TaskLockLostError extends Error {
  constructor(task: string) {
    super(`The lock of ${task} was lost during the run (it expired and another run took it over)`)
    this.name = 'TaskLockLostError'
  }
}

const DEFAULT_TTL_MS = 10 * 60_000

/**
 * Runs `work` under the task's lock and records the run: 'skipped' when another run holds the lock,
 * 'failed' when `work` throws or the lock was lost on the way, else 'ok' with the counts. The lock
 * is renewed on a timer while `work` runs and released at the end, whatever happened. Returns the
 * recorded run; only a database failure around the lock or the record throws.
 */
export async function runLockedTask(db: Db, task: string, work: (context: TaskContext) => Promise<TaskCounts | void>, options: RunLockedTaskOptions = {}): Promise<TaskRun> {
  const { ttlMs = DEFAULT_TTL_MS, renewEveryMs = ttlMs / 3, owner = `run_${crypto.randomUUID()}`, maxErrors = MAX_ERRORS_PER_RUN, now = () => new Date() } = options
  const startedAt = now()
  const lock = await acquireTaskLock(db, task, { owner, ttlMs, now })
  if (!lock) {
    const skipped: TaskRun = { task, runner: owner, startedAt, finishedAt: startedAt, durationMs: 0, status: 'skipped', result: {}, errors: [], errorCount: 0 }
    await recordTaskRun(db, skipped)
    return skipped
  }

  const errors = createRunErrors(maxErrors)
  const renewal = renewWhileRunning(lock, renewEveryMs)
  let status: TaskRunStatus = 'ok'
  let result: TaskCounts = {}
  try {
    try {
      result = (await work({ signal: renewal.signal, renew: renewal.renewNow, reportError: errors.add })) ?? {}
    }
    catch (error) {
      status = 'failed'
      errors.addFinal(error)
    }
    finally {
      await renewal.stop()
    }
    if (renewal.signal.aborted && status === 'ok') {
      status = 'failed'
      errors.addFinal(renewal.signal.reason)
    }
    const finishedAt = now()
    const run: TaskRun = {
      task, runner: owner, startedAt, finishedAt, durationMs: Math.max(0, finishedAt.getTime() - startedAt.getTime()),
      status, result, errors: errors.messages, errorCount: errors.count,
    }
    await recordTaskRun(db, run)
    return run
  }
  finally {
    // A release that fails leaves a lock that lapses after ttlMs: the next run waits, no more.
    await lock.release().catch(() => false)
  }
}

/** Renews the lock every `everyMs` (one renewal at a time); a renewal that finds the lock gone aborts `signal`. */
function renewWhileRunning(lock: TaskLock, everyMs: number): { signal: AbortSignal, renewNow(): Promise<void>, stop(): Promise<void> } {
  const controller = new AbortController()
  const lose = () => {
    if (!controller.signal.aborted) controller.abort(new TaskLockLostError(lock.task))
  }
  let inFlight: Promise<void> | null = null

  const renewOnTimer = () => {
    if (inFlight || controller.signal.aborted) return
    inFlight = lock.renew()
      .then((ours) => {
        if (!ours) lose()
      })
      // An unreachable database is tried again at the next tick; if the lock lapses meanwhile, the next renewal says so.
      .catch(() => {})
      .finally(() => {
        inFlight = null
      })
  }
  const timer = setInterval(renewOnTimer, everyMs)

  return {
    signal: controller.signal,
    async renewNow() {
      if (!controller.signal.aborted && !(await lock.renew())) lose()
      if (controller.signal.aborted) throw controller.signal.reason
    },
    async stop() {
      clearInterval(timer)
      await inFlight
    },
  }
}
