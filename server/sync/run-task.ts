import type { Db } from 'mongodb'
import type { TaskRun, TaskRunStatus } from '../db/index.ts'
import { acquireTaskLock, type TaskLock } from './task-lock.ts'
import { createRunErrors, MAX_ERRORS_PER_RUN, recordTaskRun } from './task-runs.ts'

/** What a task reports: creators touched, events upserted, units spent, errors… */
export type TaskCounts = Record<string, number>

export interface TaskContext {
  /**
   * Aborted when the run lost its lock (it lapsed and another run took it), or when its time budget
   * is spent (isTimeBudgetSpent): stop calling and writing.
   */
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
  /**
   * Wall time after which the run is asked to stop (its signal aborts with TaskTimeBudgetSpentError);
   * it is then recorded as 'partial', with what it did. Every run writes as it goes and picks its
   * stalest work first, so the next run carries on. Unset: no limit (Node); on Workers, below the
   * limits of a scheduled event, so a run ends cleanly, its lock released, instead of being killed.
   */
  timeBudgetMs?: number
}

export class TaskLockLostError extends Error {
  constructor(task: string) {
    super(`The lock of ${task} was lost during the run (it expired and another run took it over)`)
    this.name = 'TaskLockLostError'
  }
}

export class TaskTimeBudgetSpentError extends Error {
  constructor(task: string, budgetMs: number) {
    super(`${task} stopped at its time budget of ${budgetMs} ms; the next run goes on`)
    this.name = 'TaskTimeBudgetSpentError'
  }
}

/** Whether a task's signal stopped it because its time ran out (not because its lock was lost). */
export function isTimeBudgetSpent(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && signal.reason instanceof TaskTimeBudgetSpentError
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
  const budget = timeBudget(task, options.timeBudgetMs)
  const signal = AbortSignal.any([renewal.signal, budget.signal])
  let status: TaskRunStatus = 'ok'
  let result: TaskCounts = {}
  try {
    try {
      result = (await work({ signal, renew: renewal.renewNow, reportError: errors.add })) ?? {}
    }
    catch (error) {
      // A run stopped by its budget (a service that throws on the aborted signal) did what it wrote.
      if (!isTimeBudgetSpent(signal)) {
        status = 'failed'
        errors.addFinal(error)
      }
    }
    finally {
      budget.stop()
      await renewal.stop()
    }
    if (renewal.signal.aborted && status === 'ok') {
      status = 'failed'
      errors.addFinal(renewal.signal.reason)
    }
    else if (isTimeBudgetSpent(signal) && status === 'ok') {
      status = 'partial'
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

function timeBudget(task: string, budgetMs: number | undefined): { signal: AbortSignal, stop(): void } {
  const controller = new AbortController()
  const timer = budgetMs ? setTimeout(() => controller.abort(new TaskTimeBudgetSpentError(task, budgetMs)), budgetMs) : undefined
  return { signal: controller.signal, stop: () => clearTimeout(timer) }
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
