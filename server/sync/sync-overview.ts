import type { Db } from 'mongodb'
import { collectionsOf, type TaskRun } from '../db/index.ts'
import { lastTaskRun, recentTaskErrors, tasksWithRuns, type RecentTaskError } from './task-runs.ts'
import { pacificDay, YOUTUBE_DAILY_QUOTA, youtubeQuotaLedger } from './youtube-quota-ledger.ts'

export interface TaskOverview {
  task: string
  lastRun: TaskRun | null
  lastSuccess: TaskRun | null
  lastFailure: TaskRun | null
  recentErrors: RecentTaskError[]
  /** The live lock while a run holds it; an expired one (a crashed run) shows as null. */
  running: { owner: string, since: Date, expiresAt: Date } | null
}

export interface SyncOverview {
  tasks: TaskOverview[]
  youtubeQuota: { day: string, unitsSpent: number, dailyLimit: number, exhaustedUntil: Date | null }
}

export interface SyncOverviewOptions {
  /** Tasks to list even before their first run (the scheduled ones); tasks seen in runs or locks are added. */
  tasks?: string[]
  recentErrors?: number
  youtubeDailyLimit?: number
  now?: () => Date
}

/** What `GET /api/admin/sync` shows: per task its latest runs, recent errors and whether it runs now; today's YouTube quota. */
export async function syncOverview(db: Db, { tasks = [], recentErrors = 10, youtubeDailyLimit = YOUTUBE_DAILY_QUOTA, now = () => new Date() }: SyncOverviewOptions = {}): Promise<SyncOverview> {
  const at = now()
  const locks = await collectionsOf(db).taskLocks.find({}).toArray()
  const names = [...new Set([...tasks, ...(await tasksWithRuns(db)), ...locks.map(lock => lock._id).sort()])]
  const ledger = youtubeQuotaLedger(db, { now: () => at })

  const [overviews, unitsSpent, exhaustedUntil] = await Promise.all([
    Promise.all(names.map(async (task): Promise<TaskOverview> => {
      const [lastRun, lastSuccess, lastFailure, errors] = await Promise.all([
        lastTaskRun(db, task),
        lastTaskRun(db, task, 'ok'),
        lastTaskRun(db, task, 'failed'),
        recentTaskErrors(db, task, recentErrors),
      ])
      const lock = locks.find(candidate => candidate._id === task && candidate.expiresAt > at)
      const running = lock ? { owner: lock.owner, since: lock.acquiredAt, expiresAt: lock.expiresAt } : null
      return { task, lastRun, lastSuccess, lastFailure, recentErrors: errors, running }
    })),
    ledger.spentToday(),
    ledger.exhaustedUntil(),
  ])
  return { tasks: overviews, youtubeQuota: { day: pacificDay(at), unitsSpent, dailyLimit: youtubeDailyLimit, exhaustedUntil } }
}
