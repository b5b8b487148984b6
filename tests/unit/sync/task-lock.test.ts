import { describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../server/db/index.ts'
import { acquireTaskLock } from '../../../server/sync/index.ts'
import { useEmbeddedDatabase } from '../embedded-database.ts'
import { manualClock } from './manual-clock.ts'

const { freshDb } = useEmbeddedDatabase()
// Dates in the future throughout, so the server's TTL monitor never touches a test's documents.
const T0 = '2030-05-01T12:00:00Z'
const TTL = 60_000

describe('acquireTaskLock', () => {
  it('lets exactly one of ten concurrent acquirers win', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const owners = Array.from({ length: 10 }, (_, index) => `run_${index}`)
    const locks = await Promise.all(owners.map(owner => acquireTaskLock(db, 'youtube:sync', { owner, ttlMs: TTL, now: clock.now })))
    const winners = locks.filter(lock => lock !== null)
    expect(winners).toHaveLength(1)
    const stored = await collectionsOf(db).taskLocks.findOne({ _id: 'youtube:sync' })
    expect(stored).toEqual({ _id: 'youtube:sync', owner: winners[0]!.owner, acquiredAt: clock.now(), expiresAt: new Date(Date.parse(T0) + TTL) })
  })

  it('keeps different tasks apart', async () => {
    const db = await freshDb()
    const [youtube, twitch] = await Promise.all(['youtube:sync', 'twitch:sync'].map(task => acquireTaskLock(db, task, { owner: 'run_a', ttlMs: TTL })))
    expect(youtube?.task).toBe('youtube:sync')
    expect(twitch?.task).toBe('twitch:sync')
  })

  it('refuses a held lock until it expires, then hands it over (a crashed run)', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const crashed = await acquireTaskLock(db, 'twitch:live', { owner: 'crashed', ttlMs: TTL, now: clock.now })
    expect(crashed).not.toBeNull()
    clock.advance(TTL - 1)
    expect(await acquireTaskLock(db, 'twitch:live', { owner: 'next', ttlMs: TTL, now: clock.now })).toBeNull()
    clock.advance(1)
    const next = await acquireTaskLock(db, 'twitch:live', { owner: 'next', ttlMs: TTL, now: clock.now })
    expect(next?.expiresAt).toEqual(new Date(clock.now().getTime() + TTL))
    expect(await collectionsOf(db).taskLocks.findOne({ _id: 'twitch:live' })).toMatchObject({ owner: 'next', acquiredAt: clock.now() })
  })

  it('lets exactly one of several concurrent acquirers take over an expired lock', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    await acquireTaskLock(db, 'stats:aggregate', { owner: 'crashed', ttlMs: TTL, now: clock.now })
    clock.advance(2 * TTL)
    const locks = await Promise.all(Array.from({ length: 10 }, (_, index) => acquireTaskLock(db, 'stats:aggregate', { owner: `run_${index}`, ttlMs: TTL, now: clock.now })))
    expect(locks.filter(lock => lock !== null)).toHaveLength(1)
  })

  it('renews only while the lock is still its owner\'s', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const first = (await acquireTaskLock(db, 'youtube:sync', { owner: 'first', ttlMs: TTL, now: clock.now }))!
    clock.advance(TTL / 2)
    expect(await first.renew()).toBe(true)
    expect(first.expiresAt).toEqual(new Date(Date.parse(T0) + TTL / 2 + TTL))
    clock.advance(TTL - 1)
    // Renewed, so still held where the first expiry had passed.
    expect(await acquireTaskLock(db, 'youtube:sync', { owner: 'second', ttlMs: TTL, now: clock.now })).toBeNull()
    clock.advance(1)
    const second = (await acquireTaskLock(db, 'youtube:sync', { owner: 'second', ttlMs: TTL, now: clock.now }))!
    expect(second).not.toBeNull()
    const secondExpiry = second.expiresAt
    expect(await first.renew()).toBe(false)
    expect(first.expiresAt).toEqual(new Date(Date.parse(T0) + TTL / 2 + TTL))
    expect(await collectionsOf(db).taskLocks.findOne({ _id: 'youtube:sync' })).toMatchObject({ owner: 'second', expiresAt: secondExpiry })
  })

  it('releases only its own lock, after which the task is free at once', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const stale = (await acquireTaskLock(db, 'youtube:sync', { owner: 'stale', ttlMs: TTL, now: clock.now }))!
    clock.advance(TTL)
    const current = (await acquireTaskLock(db, 'youtube:sync', { owner: 'current', ttlMs: TTL, now: clock.now }))!
    expect(await stale.release()).toBe(false)
    expect(await acquireTaskLock(db, 'youtube:sync', { owner: 'other', ttlMs: TTL, now: clock.now })).toBeNull()
    expect(await current.release()).toBe(true)
    expect(await current.release()).toBe(false)
    expect(await acquireTaskLock(db, 'youtube:sync', { owner: 'other', ttlMs: TTL, now: clock.now })).not.toBeNull()
  })
})
