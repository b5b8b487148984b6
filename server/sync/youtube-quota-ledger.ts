import type { Db } from 'mongodb'
import { collectionsOf, YOUTUBE_QUOTA_PLATFORM } from '../db/index.ts'
import { nextQuotaResetAt } from '../platforms/youtube/quota-reset.ts'

/** YouTube's default daily quota per project. */
export const YOUTUBE_DAILY_QUOTA = 10_000

const pacificCalendar = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' })

/** The quota's day of an instant: its calendar date in Pacific time, `YYYY-MM-DD`. */
export function pacificDay(at: Date): string {
  const parts = Object.fromEntries(pacificCalendar.formatToParts(at).map(part => [part.type, part.value]))
  return `${parts.year}-${parts.month}-${parts.day}`
}

export interface YoutubeQuotaLedger {
  /** Adds units to the current Pacific day (atomic `$inc`: concurrent spenders all count). */
  spend(units: number): Promise<void>
  spentToday(): Promise<number>
  /** After a quotaExceeded answer: every process stops calling YouTube until `resetsAt`. */
  markExhausted(resetsAt: Date): Promise<void>
  /** The reset still ahead when the quota is known to be spent, else null. */
  exhaustedUntil(): Promise<Date | null>
  /** Units this run may spend (0 while exhausted); see `runBudget`. */
  budgetForRun(plan: RunPlan): Promise<number>
}

export function youtubeQuotaLedger(db: Db, { now = () => new Date() }: { now?: () => Date } = {}): YoutubeQuotaLedger {
  const { platformQuota } = collectionsOf(db)
  const dayOf = (at: Date) => {
    const day = pacificDay(at)
    return { _id: `${YOUTUBE_QUOTA_PLATFORM}:${day}`, day }
  }

  async function spentToday() {
    const today = await platformQuota.findOne({ _id: dayOf(now())._id })
    return today?.unitsSpent ?? 0
  }

  async function exhaustedUntil() {
    // Looked for across days: a reset that a clock puts past midnight still holds after midnight.
    const at = now()
    const exhausted = await platformQuota.find({ exhaustedUntil: { $gt: at } }).sort({ exhaustedUntil: -1 }).limit(1).next()
    return exhausted?.exhaustedUntil ?? null
  }

  return {
    async spend(units) {
      if (!Number.isInteger(units) || units < 0) throw new RangeError(`Quota units must be a whole number >= 0, got ${units}`)
      if (units === 0) return
      const at = now()
      const { _id, day } = dayOf(at)
      await platformQuota.updateOne(
        { _id },
        { $inc: { unitsSpent: units }, $set: { updatedAt: at }, $setOnInsert: { platform: YOUTUBE_QUOTA_PLATFORM, day, exhaustedUntil: null } },
        { upsert: true },
      )
    },
    spentToday,
    async markExhausted(resetsAt) {
      const at = now()
      const { _id, day } = dayOf(at)
      await platformQuota.updateOne(
        { _id },
        { $max: { exhaustedUntil: resetsAt }, $set: { updatedAt: at }, $setOnInsert: { platform: YOUTUBE_QUOTA_PLATFORM, day, unitsSpent: 0 } },
        { upsert: true },
      )
    },
    exhaustedUntil,
    async budgetForRun(plan) {
      if (await exhaustedUntil()) return 0
      return runBudget({ ...plan, spentToday: await spentToday(), runsLeftToday: runsLeftToday(now(), plan.intervalMs) })
    },
  }
}

export interface RunPlan {
  /** How often the task runs. */
  intervalMs: number
  /** The units this task may use per day (default: YouTube's 10,000). */
  dailyLimit?: number
  /** Units kept back for other callers (tracking a new creator, push notifications). */
  reserve?: number
}

/**
 * The rule: what is left of today's limit (minus the reserve), shared evenly by the runs left until
 * the Pacific reset, this one included. A run that spends less leaves more for the next ones, so a
 * quiet morning funds a busy evening, and the day can never go over the limit.
 */
export function runBudget({ dailyLimit = YOUTUBE_DAILY_QUOTA, reserve = 0, spentToday, runsLeftToday }: {
  dailyLimit?: number
  reserve?: number
  spentToday: number
  runsLeftToday: number
}): number {
  const left = dailyLimit - reserve - spentToday
  if (left <= 0) return 0
  return Math.floor(left / Math.max(1, runsLeftToday))
}

/** Runs of a task every `intervalMs` from `now` until the next Pacific midnight, this one included (days are 23 to 25 h long). */
export function runsLeftToday(now: Date, intervalMs: number): number {
  if (!(intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${intervalMs}`)
  return Math.max(1, Math.ceil((nextQuotaResetAt(now).getTime() - now.getTime()) / intervalMs))
}

/**
 * Bridges a synchronous per-call counter (the YouTube client's `onUnitsSpent`, which must not
 * throw) to the ledger: units are written as they come, coalesced while a write is in flight, so
 * a run killed half-way has still counted nearly all it spent. `flush` waits for the writes and
 * rethrows the first failure.
 */
export function createQuotaSpendRecorder(ledger: Pick<YoutubeQuotaLedger, 'spend'>): { record(units: number): void, flush(): Promise<void> } {
  let pending = 0
  let queued = false
  let writes = Promise.resolve()
  let failure: unknown = null

  return {
    record(units) {
      pending += units
      if (queued || pending === 0) return
      queued = true
      writes = writes.then(async () => {
        queued = false
        const units = pending
        pending = 0
        await ledger.spend(units)
      }).catch((error: unknown) => {
        failure ??= error
      })
    },
    async flush() {
      let last: Promise<void>
      do {
        last = writes
        await last
      } while (last !== writes)
      if (failure) throw failure
    },
  }
}
