import { describe, expect, it } from 'vitest'
import { acquireTaskLock, runLockedTask, syncOverview, youtubeQuotaLedger } from '../../../server/sync/index.ts'
import { useEmbeddedDatabase } from '../embedded-database.ts'
import { manualClock } from './manual-clock.ts'

const { freshDb } = useEmbeddedDatabase()

describe('syncOverview', () => {
  it('shows per task the latest run, success and failure, recent errors, a running lock, and today\'s quota', async () => {
    const db = await freshDb()
    const clock = manualClock('2030-07-16T19:00:00Z')
    const options = { now: clock.now, owner: 'run_x' }
    const ok = await runLockedTask(db, 'youtube:sync', async ({ reportError }) => {
      reportError('channel UC1 not found')
      clock.advance(1000)
      return { creatorsTouched: 2 }
    }, options)
    clock.advance(60_000)
    const failed = await runLockedTask(db, 'youtube:sync', async ({ reportError }) => {
      reportError('channel UC2 not found')
      throw new Error('quotaExceeded')
    }, options)
    clock.advance(60_000)
    const held = await acquireTaskLock(db, 'youtube:sync', { owner: 'run_live', ttlMs: 600_000, now: clock.now })
    const skipped = await runLockedTask(db, 'youtube:sync', async () => ({}), options)
    await runLockedTask(db, 'twitch:live', async () => ({ live: 4 }), options)
    // A crashed run's expired lock is not "running".
    await acquireTaskLock(db, 'trending:compute', { owner: 'crashed', ttlMs: 1000, now: () => new Date('2030-07-16T18:00:00Z') })
    await youtubeQuotaLedger(db, { now: clock.now }).spend(57)

    const overview = await syncOverview(db, { tasks: ['stats:aggregate'], recentErrors: 3, now: clock.now })

    expect(overview.youtubeQuota).toEqual({ day: '2030-07-16', unitsSpent: 57, dailyLimit: 10_000, exhaustedUntil: null })
    expect(overview.tasks.map(task => task.task)).toEqual(['stats:aggregate', 'twitch:live', 'youtube:sync', 'trending:compute'])
    const [neverRan, twitch, youtube, trending] = overview.tasks
    expect(neverRan).toEqual({ task: 'stats:aggregate', lastRun: null, lastSuccess: null, lastFailure: null, recentErrors: [], running: null })
    expect(twitch).toMatchObject({ lastRun: { status: 'ok', result: { live: 4 } }, lastFailure: null, running: null })
    expect(youtube).toEqual({
      task: 'youtube:sync',
      lastRun: skipped,
      lastSuccess: ok,
      lastFailure: failed,
      recentErrors: [
        { at: failed.startedAt, message: 'quotaExceeded' },
        { at: failed.startedAt, message: 'channel UC2 not found' },
        { at: ok.startedAt, message: 'channel UC1 not found' },
      ],
      running: { owner: 'run_live', since: clock.now(), expiresAt: held!.expiresAt },
    })
    expect(trending).toMatchObject({ lastRun: null, running: null })
  })

  it('reports an exhausted YouTube quota until its reset', async () => {
    const db = await freshDb()
    const clock = manualClock('2030-07-16T19:00:00Z')
    const resetsAt = new Date('2030-07-17T07:00:00Z')
    await youtubeQuotaLedger(db, { now: clock.now }).markExhausted(resetsAt)
    expect((await syncOverview(db, { now: clock.now })).youtubeQuota).toEqual({ day: '2030-07-16', unitsSpent: 0, dailyLimit: 10_000, exhaustedUntil: resetsAt })
    clock.set('2030-07-17T07:00:00Z')
    expect((await syncOverview(db, { now: clock.now })).youtubeQuota).toEqual({ day: '2030-07-17', unitsSpent: 0, dailyLimit: 10_000, exhaustedUntil: null })
  })
})
