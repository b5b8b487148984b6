import { describe, expect, it, vi } from 'vitest'
import { collectionsOf } from '../../../server/db/index.ts'
import { acquireTaskLock, runLockedTask, TaskLockLostError } from '../../../server/sync/index.ts'
import { useEmbeddedDatabase } from '../embedded-database.ts'
import { manualClock } from './manual-clock.ts'

const { freshDb } = useEmbeddedDatabase()
const T0 = '2030-05-01T12:00:00Z'

describe('runLockedTask', () => {
  it('records a run with its counts and duration, and frees the lock', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const run = await runLockedTask(db, 'youtube:sync', async () => {
      clock.advance(1234)
      return { creatorsTouched: 3, unitsSpent: 2 }
    }, { now: clock.now, owner: 'run_1' })
    const expected = {
      task: 'youtube:sync', runner: 'run_1', startedAt: new Date(T0), finishedAt: new Date(Date.parse(T0) + 1234), durationMs: 1234,
      status: 'ok', result: { creatorsTouched: 3, unitsSpent: 2 }, errors: [], errorCount: 0,
    }
    expect(run).toEqual(expected)
    expect(await collectionsOf(db).taskRuns.find({}, { projection: { _id: 0 } }).toArray()).toEqual([expected])
    expect(await collectionsOf(db).taskLocks.countDocuments()).toBe(0)
  })

  it('skips a run that overlaps one in progress, and runs again once it is over', async () => {
    const db = await freshDb()
    const { promise: blocked, resolve: unblock } = Promise.withResolvers<void>()
    const { promise: started, resolve: markStarted } = Promise.withResolvers<void>()
    const first = runLockedTask(db, 'twitch:live', async () => {
      markStarted()
      await blocked
      return { live: 1 }
    })
    await started
    const work = vi.fn(async () => ({ live: 2 }))
    const second = await runLockedTask(db, 'twitch:live', work)
    expect(second).toMatchObject({ status: 'skipped', durationMs: 0, result: {}, errors: [] })
    expect(work).not.toHaveBeenCalled()
    unblock()
    expect(await first).toMatchObject({ status: 'ok', result: { live: 1 } })
    expect(await runLockedTask(db, 'twitch:live', work)).toMatchObject({ status: 'ok', result: { live: 2 } })
    const statuses = await collectionsOf(db).taskRuns.find({}).toArray()
    expect(statuses.map(run => run.status).sort()).toEqual(['ok', 'ok', 'skipped'])
  })

  it('records a throwing task as failed with its message, and releases the lock', async () => {
    const db = await freshDb()
    const run = await runLockedTask(db, 'stats:aggregate', async () => {
      throw new Error('growth_stats unreachable')
    })
    expect(run).toMatchObject({ status: 'failed', result: {}, errors: ['growth_stats unreachable'], errorCount: 1 })
    expect(await collectionsOf(db).taskRuns.findOne({ task: 'stats:aggregate' })).toMatchObject({ status: 'failed', errors: ['growth_stats unreachable'] })
    expect(await acquireTaskLock(db, 'stats:aggregate', { owner: 'next', ttlMs: 60_000 })).not.toBeNull()
  })

  it('keeps the errors a run survived, bounded, and always the one that ended it', async () => {
    const db = await freshDb()
    const run = await runLockedTask(db, 'youtube:sync', async ({ reportError }) => {
      for (let channel = 1; channel <= 10; channel += 1) reportError(new Error(`channel ${channel} failed`))
      reportError('x'.repeat(2000))
      throw new Error('quota exhausted')
    }, { maxErrors: 3 })
    expect(run.status).toBe('failed')
    expect(run.errorCount).toBe(12)
    expect(run.errors).toEqual(['channel 1 failed', 'channel 2 failed', 'quota exhausted'])

    const survived = await runLockedTask(db, 'youtube:sync', async ({ reportError }) => {
      reportError('x'.repeat(2000))
      return { errors: 1 }
    })
    expect(survived).toMatchObject({ status: 'ok', errorCount: 1, result: { errors: 1 } })
    expect(survived.errors[0]).toHaveLength(500)
  })

  it('stops a run at its time budget and records it as partial, with what it did, its lock freed', async () => {
    const db = await freshDb()
    const run = await runLockedTask(db, 'twitch:sync', async ({ signal }) => {
      await new Promise(resolve => signal.addEventListener('abort', resolve))
      return { channelsChecked: 100 }
    }, { timeBudgetMs: 50 })
    expect(run).toMatchObject({ status: 'partial', result: { channelsChecked: 100 }, errors: [], errorCount: 0 })
    expect(run.durationMs).toBeGreaterThanOrEqual(40)
    expect(await collectionsOf(db).taskLocks.countDocuments()).toBe(0)
  })

  it('records a run that throws on its spent budget as partial too, and one that ends in time as ok', async () => {
    const db = await freshDb()
    const stopped = await runLockedTask(db, 'youtube:sync', async ({ signal }) => {
      await new Promise(resolve => signal.addEventListener('abort', resolve))
      signal.throwIfAborted()
    }, { timeBudgetMs: 20 })
    expect(stopped).toMatchObject({ status: 'partial', result: {}, errors: [] })
    const quick = await runLockedTask(db, 'youtube:sync', async () => ({ channels: 1 }), { timeBudgetMs: 10_000 })
    expect(quick).toMatchObject({ status: 'ok', result: { channels: 1 } })
  })

  it('renews the lock while a long task runs', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const ttlMs = 1000
    const run = await runLockedTask(db, 'youtube:sync', async () => {
      clock.advance(900)
      // The timer renews from the moved clock: the expiry becomes 900 + 1000 ms after the start.
      await vi.waitFor(async () => {
        const lock = await collectionsOf(db).taskLocks.findOne({ _id: 'youtube:sync' })
        expect(lock?.expiresAt).toEqual(new Date(Date.parse(T0) + 1900))
      }, { timeout: 5000, interval: 10 })
      clock.advance(600)
      // Past the first expiry, the task is still held.
      expect(await acquireTaskLock(db, 'youtube:sync', { owner: 'intruder', ttlMs, now: clock.now })).toBeNull()
      return { done: 1 }
    }, { ttlMs, renewEveryMs: 5, now: clock.now })
    expect(run.status).toBe('ok')
  })

  it('tells the task when its lock was lost, and records the run as failed', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const ttlMs = 1000
    let intruder = null
    let aborted = false
    const run = await runLockedTask(db, 'youtube:sync', async ({ renew, signal }) => {
      clock.advance(ttlMs)
      intruder = await acquireTaskLock(db, 'youtube:sync', { owner: 'intruder', ttlMs, now: clock.now })
      await expect(renew()).rejects.toThrow(TaskLockLostError)
      aborted = signal.aborted
      return { done: 1 }
    }, { ttlMs, renewEveryMs: 3_600_000, now: clock.now })
    expect(intruder).not.toBeNull()
    expect(aborted).toBe(true)
    expect(run).toMatchObject({ status: 'failed', errorCount: 1, result: { done: 1 } })
    expect(run.errors[0]).toMatch(/lock of youtube:sync was lost/)
    // The other run's lock stays.
    expect(await collectionsOf(db).taskLocks.findOne({ _id: 'youtube:sync' })).toMatchObject({ owner: 'intruder' })
  })
})
