import { MongoServerError, type Db } from 'mongodb'
import { collectionsOf } from '../db/index.ts'

export interface TaskLockOptions {
  /** Unique per run (not per process), so two runs in one process exclude each other too. */
  owner: string
  /** How long the lock holds without renewal; keep it well above the clock skew between machines. */
  ttlMs: number
  now?: () => Date
}

export interface TaskLock {
  readonly task: string
  readonly owner: string
  /** When the lock lapses unless renewed (as last written by this handle). */
  readonly expiresAt: Date
  /** Pushes the expiry to now + ttl; false when the lock is no longer ours (taken over or released). */
  renew(): Promise<boolean>
  /** Gives the lock up; false when it was no longer ours, in which case nothing changes. */
  release(): Promise<boolean>
}

const DUPLICATE_KEY = 11000

/**
 * Takes the task's lock when it is free, expired or already ours; null while another owner holds
 * it. One atomic findOneAndUpdate: when the lock is held, the filter matches nothing and the upsert
 * collides with the existing `_id` (E11000), which is how a held lock shows, racing acquirers included.
 */
export async function acquireTaskLock(db: Db, task: string, { owner, ttlMs, now = () => new Date() }: TaskLockOptions): Promise<TaskLock | null> {
  const { taskLocks } = collectionsOf(db)
  const at = now()
  let expiresAt = new Date(at.getTime() + ttlMs)
  try {
    const taken = await taskLocks.findOneAndUpdate(
      { _id: task, $or: [{ expiresAt: { $lte: at } }, { owner }] },
      { $set: { owner, acquiredAt: at, expiresAt } },
      { upsert: true, returnDocument: 'after' },
    )
    if (taken?.owner !== owner) return null
  }
  catch (error) {
    if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return null
    throw error
  }

  return {
    task,
    owner,
    get expiresAt() {
      return expiresAt
    },
    async renew() {
      const next = new Date(now().getTime() + ttlMs)
      const { matchedCount } = await taskLocks.updateOne({ _id: task, owner }, { $set: { expiresAt: next } })
      if (matchedCount === 1) expiresAt = next
      return matchedCount === 1
    },
    async release() {
      const { deletedCount } = await taskLocks.deleteOne({ _id: task, owner })
      return deletedCount === 1
    },
  }
}
