import { describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../server/db/index.ts'
import { nextQuotaResetAt } from '../../../server/platforms/youtube/index.ts'
import { createQuotaSpendRecorder, pacificDay, runBudget, runsLeftToday, youtubeQuotaLedger } from '../../../server/sync/index.ts'
import { useEmbeddedDatabase } from '../embedded-database.ts'
import { manualClock } from './manual-clock.ts'

const { freshDb } = useEmbeddedDatabase()
const HALF_HOUR = 30 * 60_000

describe('pacificDay', () => {
  it.each([
    // Summer (PDT): the day flips at 07:00 UTC, not at UTC midnight.
    ['2030-07-16T00:30:00Z', '2030-07-15'],
    ['2030-07-16T06:59:59.999Z', '2030-07-15'],
    ['2030-07-16T07:00:00Z', '2030-07-16'],
    // Winter (PST): at 08:00 UTC.
    ['2030-01-10T07:59:59Z', '2030-01-09'],
    ['2030-01-10T08:00:00Z', '2030-01-10'],
    // 10 March 2030 (clocks go forward, a 23-hour day): starts at 08:00 UTC, the next at 07:00 UTC.
    ['2030-03-10T07:59:59Z', '2030-03-09'],
    ['2030-03-10T08:00:00Z', '2030-03-10'],
    ['2030-03-11T06:59:59Z', '2030-03-10'],
    ['2030-03-11T07:00:00Z', '2030-03-11'],
    // 3 November 2030 (clocks go back, a 25-hour day): starts at 07:00 UTC, the next at 08:00 UTC.
    ['2030-11-03T06:59:59Z', '2030-11-02'],
    ['2030-11-03T07:00:00Z', '2030-11-03'],
    ['2030-11-04T07:59:59Z', '2030-11-03'],
    ['2030-11-04T08:00:00Z', '2030-11-04'],
  ])('%s is Pacific day %s', (at, day) => {
    expect(pacificDay(new Date(at))).toBe(day)
  })
})

describe('runBudget and runsLeftToday', () => {
  it.each([
    // 10,000 units over a whole day of half-hourly runs.
    [{ spentToday: 0, runsLeftToday: 48 }, 208],
    // What earlier runs left unspent goes to the later ones.
    [{ spentToday: 1000, runsLeftToday: 24 }, 375],
    [{ spentToday: 1000, runsLeftToday: 24, reserve: 1000 }, 333],
    [{ spentToday: 100, runsLeftToday: 1, dailyLimit: 500 }, 400],
    [{ spentToday: 9990, runsLeftToday: 1, reserve: 20 }, 0],
    [{ spentToday: 12_000, runsLeftToday: 3 }, 0],
    [{ spentToday: 0, runsLeftToday: 0 }, 10_000],
  ])('runBudget(%j) = %d', (input, budget) => {
    expect(runBudget(input)).toBe(budget)
  })

  it.each([
    ['2030-07-16T07:00:00Z', 48],
    ['2030-07-16T18:59:00Z', 25],
    ['2030-07-17T06:45:00Z', 1],
    // The 23- and 25-hour days.
    ['2030-03-10T08:00:00Z', 46],
    ['2030-11-03T07:00:00Z', 50],
  ])('half-hourly from %s: %d runs left today', (at, runs) => {
    expect(runsLeftToday(new Date(at), HALF_HOUR)).toBe(runs)
  })
})

describe('youtubeQuotaLedger', () => {
  it('sums concurrent spending exactly, from one ledger or several processes', async () => {
    const db = await freshDb()
    const clock = manualClock('2030-07-16T12:00:00Z')
    const ledgers = [youtubeQuotaLedger(db, { now: clock.now }), youtubeQuotaLedger(db, { now: clock.now })]
    await Promise.all(Array.from({ length: 60 }, (_, index) => ledgers[index % 2]!.spend(1 + (index % 3))))
    expect(await ledgers[0]!.spentToday()).toBe(120)
    expect(await collectionsOf(db).platformQuota.find({}, { projection: { _id: 1 } }).toArray()).toEqual([{ _id: 'youtube:2030-07-16' }])
  })

  it('starts a new day at Pacific midnight, not at UTC midnight', async () => {
    const db = await freshDb()
    const clock = manualClock('2030-07-15T23:59:00Z')
    const ledger = youtubeQuotaLedger(db, { now: clock.now })
    await ledger.spend(5)
    clock.set('2030-07-16T00:01:00Z')
    await ledger.spend(7)
    expect(await ledger.spentToday()).toBe(12)
    clock.set('2030-07-16T07:00:00Z')
    expect(await ledger.spentToday()).toBe(0)
    await ledger.spend(3)
    expect(await ledger.spentToday()).toBe(3)
    const days = await collectionsOf(db).platformQuota.find({}, { projection: { _id: 0, day: 1, unitsSpent: 1 } }).sort({ day: 1 }).toArray()
    expect(days).toEqual([{ day: '2030-07-15', unitsSpent: 12 }, { day: '2030-07-16', unitsSpent: 3 }])
  })

  it.each([
    ['spring forward', '2030-03-10T07:59:00Z', '2030-03-10T08:00:00Z', '2030-03-11T06:59:00Z', '2030-03-11T07:00:00Z'],
    ['fall back', '2030-11-03T06:59:00Z', '2030-11-03T07:00:00Z', '2030-11-04T07:59:00Z', '2030-11-04T08:00:00Z'],
  ])('counts the day clocks %s from its Pacific midnight to the next', async (_, before, start, end, after) => {
    const db = await freshDb()
    const clock = manualClock(before)
    const ledger = youtubeQuotaLedger(db, { now: clock.now })
    await ledger.spend(1)
    for (const at of [start, end]) {
      clock.set(at)
      await ledger.spend(10)
    }
    expect(await ledger.spentToday()).toBe(20)
    clock.set(after)
    expect(await ledger.spentToday()).toBe(0)
  })

  it('refuses units that are not whole and positive', async () => {
    const ledger = youtubeQuotaLedger(await freshDb())
    await expect(ledger.spend(-1)).rejects.toThrow(RangeError)
    await expect(ledger.spend(1.5)).rejects.toThrow(RangeError)
  })

  it('keeps an exhausted quota exhausted for every process until the reset', async () => {
    const db = await freshDb()
    const clock = manualClock('2030-07-16T20:00:00Z')
    const ledger = youtubeQuotaLedger(db, { now: clock.now })
    await ledger.spend(9_990)
    expect(await ledger.exhaustedUntil()).toBeNull()
    const resetsAt = nextQuotaResetAt(clock.now())
    await ledger.markExhausted(resetsAt)
    clock.advance(60_000)
    const nextRun = youtubeQuotaLedger(db, { now: clock.now })
    expect(await nextRun.exhaustedUntil()).toEqual(resetsAt)
    expect(await nextRun.budgetForRun({ intervalMs: HALF_HOUR })).toBe(0)
    // An older reset reported late does not shorten it.
    await nextRun.markExhausted(new Date(resetsAt.getTime() - 3_600_000))
    expect(await nextRun.exhaustedUntil()).toEqual(resetsAt)
    expect(await nextRun.spentToday()).toBe(9_990)
    clock.set(resetsAt.toISOString())
    expect(await nextRun.exhaustedUntil()).toBeNull()
    expect(await nextRun.budgetForRun({ intervalMs: HALF_HOUR })).toBe(208)
  })

  it('holds an exhaustion marked before any spending, and across midnight when the reset is later', async () => {
    const db = await freshDb()
    const clock = manualClock('2030-07-16T06:59:00Z')
    const ledger = youtubeQuotaLedger(db, { now: clock.now })
    const resetsAt = new Date('2030-07-16T07:30:00Z')
    await ledger.markExhausted(resetsAt)
    expect(await ledger.spentToday()).toBe(0)
    clock.set('2030-07-16T07:10:00Z')
    expect(await ledger.exhaustedUntil()).toEqual(resetsAt)
  })

  it('budgets a run from what today has left, shared by the runs still to come', async () => {
    const db = await freshDb()
    // 12:00 PDT: 24 half-hourly runs left including this one.
    const ledger = youtubeQuotaLedger(db, { now: () => new Date('2030-07-16T19:00:00Z') })
    await ledger.spend(1000)
    expect(await ledger.budgetForRun({ intervalMs: HALF_HOUR })).toBe(375)
    expect(await ledger.budgetForRun({ intervalMs: HALF_HOUR, dailyLimit: 2000, reserve: 40 })).toBe(40)
  })
})

describe('createQuotaSpendRecorder', () => {
  it('writes every unit recorded synchronously, coalescing while a write is in flight', async () => {
    const db = await freshDb()
    const ledger = youtubeQuotaLedger(db, { now: () => new Date('2030-07-16T19:00:00Z') })
    const writes: number[] = []
    const recorder = createQuotaSpendRecorder({ spend: (units) => {
      writes.push(units)
      return ledger.spend(units)
    } })
    for (let call = 0; call < 100; call += 1) recorder.record(call % 10 === 0 ? 0 : 1)
    await recorder.flush()
    expect(await ledger.spentToday()).toBe(90)
    expect(writes.reduce((sum, units) => sum + units, 0)).toBe(90)
    expect(writes.length).toBeLessThan(5)
    recorder.record(4)
    await recorder.flush()
    expect(await ledger.spentToday()).toBe(94)
  })

  it('rethrows a failed write at flush, after the other writes', async () => {
    let calls = 0
    const recorder = createQuotaSpendRecorder({ spend: async () => {
      calls += 1
      if (calls === 1) throw new Error('database unreachable')
    } })
    recorder.record(1)
    await new Promise(resolve => setTimeout(resolve, 10))
    recorder.record(1)
    await expect(recorder.flush()).rejects.toThrow('database unreachable')
    expect(calls).toBe(2)
  })
})
