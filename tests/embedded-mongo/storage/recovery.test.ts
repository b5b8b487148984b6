import { appendFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { crc32c } from '../../../server/embedded-mongo/crc32c.ts'
import { encodeRecord } from '../../../server/embedded-mongo/storage/record-codec.ts'
import { snapshotPath, snapshotTmpPath, walPath } from '../../../server/embedded-mongo/storage/generation-files.ts'
import { applyAndAppend, openTestStore } from './open-test-store.ts'
import { useTempDirs } from '../temp-dir.ts'
import { putItem, writeRecords } from './write-records.ts'

const tempDir = useTempDirs()

async function itemIds(dir: string): Promise<{ ids: unknown[], warnings: string[] }> {
  const test = await openTestStore(dir)
  const ids = test.state.docs('app', 'items').map(doc => doc['_id'])
  await test.store.close()
  return { ids, warnings: test.warnings }
}

async function writeThreeRecordWal(dir: string): Promise<number> {
  const test = await openTestStore(dir)
  for (const id of [1, 2, 3]) await applyAndAppend(test, [putItem(id, { text: 'abc' })])
  await test.store.close()
  return (await stat(walPath(dir, 1))).size
}

describe('recovery after a crash during compaction', () => {
  it('ignores and deletes a leftover snapshot .tmp', async () => {
    const dir = await tempDir()
    await writeThreeRecordWal(dir)
    // Crash while writing snapshot-2: the rotation happened, the rename did not.
    await writeFile(snapshotTmpPath(dir, 2), Buffer.from('half a snapsh'))
    await writeRecords(walPath(dir, 2), [[putItem(4)]])

    const { ids, warnings } = await itemIds(dir)
    expect(ids).toEqual([1, 2, 3, 4])
    expect(warnings).toEqual([])
    expect((await readdir(dir)).sort()).toEqual(['wal-000000000001.log', 'wal-000000000002.log'])
  })

  it('replays snapshot-N, then wal-N and wal-N+1, and removes what snapshot-N supersedes', async () => {
    const dir = await tempDir()
    // Left by a crash before the old generations were deleted (wal-1, snapshot-1)
    // and again in the middle of the next compaction (wal-3 exists, snapshot-3 does not).
    await writeRecords(snapshotPath(dir, 1), [[putItem(100)]])
    await writeRecords(walPath(dir, 1), [[putItem(101)]])
    await writeRecords(snapshotPath(dir, 2), [[{ op: 'createCollection', db: 'app', coll: 'items' }, putItem(1)], [putItem(2)]])
    await writeRecords(walPath(dir, 2), [[putItem(3)], [{ op: 'delete', db: 'app', coll: 'items', ids: [1] }]])
    await writeRecords(walPath(dir, 3), [[putItem(4)], [putItem(2, { updated: true })]])
    await writeFile(snapshotTmpPath(dir, 3), 'partial')

    const test = await openTestStore(dir)
    expect(test.state.docs('app', 'items')).toEqual([{ _id: 2, updated: true }, { _id: 3 }, { _id: 4 }])
    expect((await readdir(dir)).sort()).toEqual([
      'mongod.lock',
      'snapshot-000000000002.bson',
      'wal-000000000002.log',
      'wal-000000000003.log',
    ])
    const wal3Bytes = (await stat(walPath(dir, 3))).size
    expect(test.store.walBytes).toBe(wal3Bytes)
    await applyAndAppend(test, [putItem(5)])
    expect((await stat(walPath(dir, 3))).size).toBeGreaterThan(wal3Bytes)
    await test.store.close()

    expect((await itemIds(dir)).ids).toEqual([2, 3, 4, 5])
  })

  it('recovers from a snapshot with no WAL after it', async () => {
    const dir = await tempDir()
    await writeRecords(snapshotPath(dir, 5), [[putItem(1)]])
    const test = await openTestStore(dir)
    await applyAndAppend(test, [putItem(2)])
    await test.store.close()
    expect((await readdir(dir)).sort()).toEqual(['snapshot-000000000005.bson', 'wal-000000000005.log'])
    expect((await itemIds(dir)).ids).toEqual([1, 2])
  })

  it('refuses a corrupt snapshot with an error naming the file, and releases the lock', async () => {
    const dir = await tempDir()
    await writeRecords(snapshotPath(dir, 2), [[putItem(1)], [putItem(2)]])
    await appendFile(snapshotPath(dir, 2), Buffer.from([1, 2, 3]))
    await expect(openTestStore(dir)).rejects.toThrow(`Snapshot ${snapshotPath(dir, 2)} is corrupt`)
    await expect(openTestStore(dir)).rejects.toThrow(/is corrupt/)
    expect(await readdir(dir)).not.toContain('mongod.lock')
  })
})

describe('torn or corrupt WAL tail', () => {
  it('drops half a record, logs it, truncates the file and keeps appending', async () => {
    const dir = await tempDir()
    const goodBytes = await writeThreeRecordWal(dir)
    const next = Buffer.concat(encodeRecord([putItem(4)]))
    await appendFile(walPath(dir, 1), next.subarray(0, next.length - 5))

    const test = await openTestStore(dir)
    expect(test.state.docs('app', 'items').map(doc => doc['_id'])).toEqual([1, 2, 3])
    expect(test.warnings).toHaveLength(1)
    expect(test.warnings[0]).toContain(walPath(dir, 1))
    expect(test.warnings[0]).toContain(`dropped ${next.length - 5} bytes`)
    expect((await stat(walPath(dir, 1))).size).toBe(goodBytes)

    await applyAndAppend(test, [putItem(4)])
    await test.store.close()
    expect(await itemIds(dir)).toEqual({ ids: [1, 2, 3, 4], warnings: [] })
  })

  it('drops random garbage, including a header claiming a huge length', async () => {
    const dir = await tempDir()
    const goodBytes = await writeThreeRecordWal(dir)
    await appendFile(walPath(dir, 1), Buffer.from([0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4, 5, 6]))
    const { ids, warnings } = await itemIds(dir)
    expect(ids).toEqual([1, 2, 3])
    expect(warnings[0]).toMatch(/dropped 10 bytes/)
    expect((await stat(walPath(dir, 1))).size).toBe(goodBytes)
  })

  it('drops a header cut short', async () => {
    const dir = await tempDir()
    const goodBytes = await writeThreeRecordWal(dir)
    await appendFile(walPath(dir, 1), Buffer.from([9, 0, 0]))
    expect((await itemIds(dir)).ids).toEqual([1, 2, 3])
    expect((await stat(walPath(dir, 1))).size).toBe(goodBytes)
  })

  it('drops the last record when its checksum does not match', async () => {
    const dir = await tempDir()
    const goodBytes = await writeThreeRecordWal(dir)
    const bytes = await readFile(walPath(dir, 1))
    bytes[bytes.length - 3]! ^= 0x01
    await writeFile(walPath(dir, 1), bytes)

    const { ids, warnings } = await itemIds(dir)
    expect(ids).toEqual([1, 2])
    expect(warnings[0]).toMatch(/checksum mismatch/)
    expect((await stat(walPath(dir, 1))).size).toBe(goodBytes - goodBytes / 3)
  })

  it('drops a record whose checksum matches but whose BSON does not parse', async () => {
    const dir = await tempDir()
    await writeThreeRecordWal(dir)
    const garbage = Buffer.from([5, 0, 0, 0, 7]) // declares 5 bytes but has no terminating 0
    const header = Buffer.alloc(8)
    header.writeUInt32LE(garbage.length, 0)
    header.writeUInt32LE(crc32c(garbage), 4)
    await appendFile(walPath(dir, 1), Buffer.concat([header, garbage]))
    const { ids, warnings } = await itemIds(dir)
    expect(ids).toEqual([1, 2, 3])
    expect(warnings[0]).toMatch(/unparsable/)
  })

  it('stops a WAL at its tear but still replays the next generation', async () => {
    const dir = await tempDir()
    await writeRecords(walPath(dir, 1), [[putItem(1)]])
    await appendFile(walPath(dir, 1), Buffer.from([1, 2, 3]))
    await writeRecords(walPath(dir, 2), [[putItem(2)]])
    const { ids, warnings } = await itemIds(dir)
    expect(ids).toEqual([1, 2])
    expect(warnings).toHaveLength(1)
  })

  it('an empty WAL file is fine', async () => {
    const dir = await tempDir()
    await mkdir(dir, { recursive: true })
    await writeFile(walPath(dir, 1), '')
    expect(await itemIds(dir)).toEqual({ ids: [], warnings: [] })
  })
})
