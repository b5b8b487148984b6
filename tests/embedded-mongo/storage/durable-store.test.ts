import { readdir, stat, symlink, mkdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { Binary, Decimal128, Long, ObjectId, Timestamp } from 'bson'
import type { Document } from 'bson'
import { describe, expect, it } from 'vitest'
import type { Change } from '../../../server/embedded-mongo/storage/durable-store.ts'
import { walPath } from '../../../server/embedded-mongo/storage/generation-files.ts'
import { encodeDocument } from './memory-state.ts'
import { applyAndAppend, openTestStore } from './open-test-store.ts'
import { useTempDirs } from '../temp-dir.ts'

const tempDir = useTempDirs()

function put(coll: string, ...docs: Document[]): Change {
  return { op: 'put', db: 'app', coll, docs: docs.map(encodeDocument) }
}

function seqDocs(from: number, count: number): Change[] {
  return Array.from({ length: count }, (_, i) => put('items', { _id: from + i, seq: from + i, text: 'x'.repeat(50) }))
}

describe('DurableStore', () => {
  it('round-trips every kind of change and BSON type through close and reopen', async () => {
    const dir = await tempDir()
    const first = await openTestStore(dir)
    const oid = new ObjectId()
    await applyAndAppend(first, [
      { op: 'createCollection', db: 'app', coll: 'users' },
      { op: 'createIndex', db: 'app', coll: 'users', spec: { key: { email: 1 }, name: 'email_1', unique: true, partialFilterExpression: { email: { $exists: true } } } },
      { op: 'createIndex', db: 'app', coll: 'users', spec: { key: { at: 1 }, name: 'at_1', expireAfterSeconds: 3600 } },
    ])
    await applyAndAppend(first, [
      put(
        'users',
        {
          '_id': oid,
          'email': 'a@example.com',
          'at': new Date('2024-05-06T07:08:09.010Z'),
          'nested': { deep: { list: [1, 'two', { three: [3] }, null] } },
          'field.with.dots': true,
          '$dollar': { 'a.b': 1 },
          'bin': new Binary(Buffer.from([0, 1, 2, 255])),
          'dec': Decimal128.fromString('12.345'),
          'big': Long.fromString('9007199254740993'),
          'ts': new Timestamp({ t: 5, i: 6 }),
          'nothing': null,
          'empty': {},
          'emptyList': [],
        },
        { _id: 'string-id', n: 1.5 },
        { _id: { compound: 1, key: 'x' }, n: -0 },
      ),
    ])
    await applyAndAppend(first, [put('users', { _id: 'string-id', n: 2 })])
    await applyAndAppend(first, [put('gone', { _id: 1 }), put('other', { _id: 1 })])
    await applyAndAppend(first, [{ op: 'dropCollection', db: 'app', coll: 'gone' }])
    await applyAndAppend(first, [{ op: 'delete', db: 'app', coll: 'users', ids: [{ compound: 1, key: 'x' }] }])
    await applyAndAppend(first, [{ op: 'dropIndex', db: 'app', coll: 'users', name: 'at_1' }])
    await applyAndAppend(first, [{ op: 'put', db: 'scratch', coll: 'x', docs: [encodeDocument({ _id: 1 })] }])
    await applyAndAppend(first, [{ op: 'dropDatabase', db: 'scratch' }])
    await first.store.close()

    const second = await openTestStore(dir)
    expect(second.warnings).toEqual([])
    expect(second.state.toEJSON()).toBe(first.state.toEJSON())
    const [user] = second.state.docs('app', 'users')
    expect(user?.['_id']).toBeInstanceOf(ObjectId)
    await second.store.close()
  })

  it('keeps exact types of a recovered document', async () => {
    const dir = await tempDir()
    const first = await openTestStore(dir)
    const doc = { _id: new ObjectId(), at: new Date(0), list: [{ a: [1, 2] }], bin: new Binary(Buffer.from('hi')) }
    await applyAndAppend(first, [put('t', doc)])
    await first.store.close()
    const second = await openTestStore(dir)
    const [recovered] = second.state.docs('app', 't')
    expect(recovered?.['_id']).toBeInstanceOf(ObjectId)
    expect((recovered?.['_id'] as ObjectId).equals(doc._id)).toBe(true)
    expect(recovered?.['at']).toBeInstanceOf(Date)
    expect(recovered?.['list']).toEqual([{ a: [1, 2] }])
    expect(recovered?.['bin']).toBeInstanceOf(Binary)
    await second.store.close()
  })

  it('group-commits concurrent appends with one datasync per flush, in call order', async () => {
    const dir = await tempDir()
    const test = await openTestStore(dir)
    await Promise.all(seqDocs(0, 100).map(change => applyAndAppend(test, [change])))
    expect(test.store.flushCount).toBeLessThanOrEqual(2)

    // Appends arriving while a flush is running are batched into the next one.
    const running = applyAndAppend(test, seqDocs(100, 1))
    await new Promise(resolve => setImmediate(resolve))
    await Promise.all([running, ...seqDocs(101, 50).map(change => applyAndAppend(test, [change]))])
    expect(test.store.flushCount).toBeLessThanOrEqual(5)
    await test.store.close()

    const order: number[] = []
    const reopened = await openTestStore(dir)
    for (const doc of reopened.state.docs('app', 'items')) order.push(doc['seq'] as number)
    expect(order).toEqual(Array.from({ length: 151 }, (_, i) => i))
    await reopened.store.close()
  })

  it('reuses a record\'s buffer only once it is written: waves of concurrent appends of several sizes all recover intact', async () => {
    const dir = await tempDir()
    const test = await openTestStore(dir)
    const expected = new Map<number, string>()
    for (let wave = 0; wave < 4; wave++) {
      // Within a wave the records are queued together, so a buffer handed on too early would be
      // overwritten before its record is written; across waves, buffers are reused.
      await Promise.all(Array.from({ length: 20 }, (_, i) => {
        const seq = wave * 100 + i
        const text = String.fromCharCode(97 + (seq % 26)).repeat(1000 * (1 + ((i * 7) % 90)))
        expected.set(seq, text)
        return applyAndAppend(test, [put('items', { _id: seq, text })])
      }))
    }
    await test.store.close()

    const reopened = await openTestStore(dir)
    expect(reopened.warnings).toEqual([])
    expect(new Map(reopened.state.docs('app', 'items').map(doc => [doc['_id'] as number, doc['text'] as string]))).toEqual(expected)
    await reopened.store.close()
  })

  it('compacts into a snapshot, removes old generations and recovers the same state', async () => {
    const dir = await tempDir()
    const test = await openTestStore(dir)
    for (let i = 0; i < 30; i++) await applyAndAppend(test, seqDocs(i * 10, 10))
    await applyAndAppend(test, [{ op: 'createIndex', db: 'app', coll: 'items', spec: { key: { seq: 1 }, name: 'seq_1' } }])
    expect(test.store.walBytes).toBeGreaterThan(0)
    await test.store.compact()
    expect(test.store.walBytes).toBe(0)
    expect(await readdir(dir)).toEqual(['mongod.lock', 'snapshot-000000000002.bson'])

    await applyAndAppend(test, [{ op: 'delete', db: 'app', coll: 'items', ids: [0, 1, 2] }])
    await test.store.close()
    expect((await readdir(dir)).sort()).toEqual(['snapshot-000000000002.bson', 'wal-000000000002.log'])

    const reopened = await openTestStore(dir)
    expect(reopened.state.toEJSON()).toBe(test.state.toEJSON())
    await reopened.store.compact()
    await reopened.store.close()
    expect(await readdir(dir)).toEqual(['snapshot-000000000003.bson'])
    const again = await openTestStore(dir)
    expect(again.state.toEJSON()).toBe(test.state.toEJSON())
    await again.store.close()
  })

  it('keeps accepting appends while a compaction runs, and concurrent compact calls share one run', async () => {
    const dir = await tempDir()
    const test = await openTestStore(dir)
    for (let i = 0; i < 20; i++) await applyAndAppend(test, seqDocs(i * 50, 50))
    const compaction = test.store.compact()
    expect(test.store.compact()).toBe(compaction)
    const during = seqDocs(5000, 40).map(change => applyAndAppend(test, [change]))
    await Promise.all([compaction, ...during])
    await test.store.close()
    const reopened = await openTestStore(dir)
    expect(reopened.state.docs('app', 'items')).toHaveLength(1040)
    expect(reopened.state.toEJSON()).toBe(test.state.toEJSON())
    await reopened.store.close()
  })

  it('starts a background compaction once the WAL exceeds compactAfterBytes', async () => {
    const dir = await tempDir()
    const test = await openTestStore(dir, { compactAfterBytes: 4096 })
    for (let i = 0; i < 60; i++) await applyAndAppend(test, seqDocs(i, 1))
    await test.store.close()
    const files = await readdir(dir)
    expect(files.some(name => name.startsWith('snapshot-'))).toBe(true)
    expect(files.filter(name => name.startsWith('wal-')).length).toBeLessThanOrEqual(2)
    expect(test.warnings).toEqual([])
    const reopened = await openTestStore(dir)
    expect(reopened.state.docs('app', 'items')).toHaveLength(60)
    await reopened.store.close()
  })

  it('waits, once the data outgrows compactAfterBytes, until the WAL is as large as the last snapshot', async () => {
    const dir = await tempDir()
    const snapshotGenerations = async () => (await readdir(dir)).filter(name => name.endsWith('.bson')).sort()
    const seeded = await openTestStore(dir, { compactAfterBytes: 1024 })
    await applyAndAppend(seeded, seqDocs(0, 400))
    await seeded.store.compact()
    await seeded.store.close()
    const [snapshot] = await snapshotGenerations()
    const snapshotBytes = (await stat(`${dir}/${snapshot}`)).size
    expect(snapshotBytes).toBeGreaterThan(20 * 1024)

    // Reopened, the store knows the snapshot's size: a WAL of half of it is no reason to rewrite it all.
    const test = await openTestStore(dir, { compactAfterBytes: 1024 })
    for (let i = 0; i < 100; i++) await applyAndAppend(test, seqDocs(i, 1))
    expect(await snapshotGenerations()).toEqual([snapshot])
    for (let i = 100; i < 400; i++) await applyAndAppend(test, seqDocs(i, 1))
    await test.store.close()
    expect(await snapshotGenerations()).toHaveLength(1)
    expect(await snapshotGenerations()).not.toEqual([snapshot])
  })

  it('writes a record larger than bson\'s default 17 MB serialization buffer', async () => {
    const dir = await tempDir()
    const test = await openTestStore(dir)
    const docs = Array.from({ length: 20 }, (_, i) => ({ _id: i, blob: 'y'.repeat(1_000_000) }))
    await applyAndAppend(test, [put('big', ...docs)])
    await test.store.close()
    const reopened = await openTestStore(dir)
    expect(reopened.state.docs('app', 'big')).toHaveLength(20)
    await reopened.store.compact()
    await reopened.store.close()
    const again = await openTestStore(dir)
    expect(again.state.docs('app', 'big').map(doc => (doc['blob'] as string).length)).toEqual(Array(20).fill(1_000_000))
    await again.store.close()
  })

  it('a failed compaction loses nothing, and a failed background compaction is only logged', async () => {
    const dir = await tempDir()
    const test = await openTestStore(dir, { compactAfterBytes: 1024 })
    await applyAndAppend(test, seqDocs(0, 5))
    const capture = test.state.capture
    test.state.capture = () => {
      throw new Error('capture exploded')
    }
    await expect(test.store.compact()).rejects.toThrow('capture exploded')
    for (let i = 5; i < 30; i++) await applyAndAppend(test, seqDocs(i, 1))
    expect(test.warnings.some(warning => warning.includes('capture exploded'))).toBe(true)
    test.state.capture = capture
    await applyAndAppend(test, seqDocs(30, 1))
    await test.store.close()
    const reopened = await openTestStore(dir)
    expect(reopened.state.toEJSON()).toBe(test.state.toEJSON())
    await reopened.store.close()
  })

  it('close is idempotent and later appends reject', async () => {
    const dir = await tempDir()
    const test = await openTestStore(dir)
    const pending = applyAndAppend(test, seqDocs(0, 1))
    const closing = test.store.close()
    expect(test.store.close()).toBe(closing)
    await pending
    await closing
    await expect(test.store.append(seqDocs(1, 1))).rejects.toThrow(/closed/)
    await expect(test.store.compact()).rejects.toThrow(/closed/)
  })

  it.skipIf(!existsSync('/dev/full'))('rejects pending and later appends when the WAL write fails', async () => {
    const dir = await tempDir()
    await mkdir(dir, { recursive: true })
    await symlink('/dev/full', walPath(dir, 1))
    const test = await openTestStore(dir)
    const results = await Promise.allSettled(seqDocs(0, 5).map(change => test.store.append([change])))
    for (const result of results) {
      expect(result.status).toBe('rejected')
      expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'ENOSPC' })
    }
    await expect(test.store.append(seqDocs(5, 1))).rejects.toThrow(/unusable/)
    await test.store.close()
  })

  it('counts walBytes as the size of the current WAL file', async () => {
    const dir = await tempDir()
    const test = await openTestStore(dir)
    await applyAndAppend(test, seqDocs(0, 3))
    await test.store.close()
    const reopened = await openTestStore(dir)
    expect(reopened.store.walBytes).toBe((await stat(walPath(dir, 1))).size)
    await reopened.store.close()
  })
})
