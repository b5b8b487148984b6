import { open, rename, rm } from 'node:fs/promises'
import type { Change } from './change.ts'
import { snapshotPath, snapshotTmpPath } from './generation-files.ts'
import { RecordBuffers } from './record-buffers.ts'
import { encodeRecord } from './record-codec.ts'
import { chunkChanges } from './snapshot-chunks.ts'
import { syncDirectory } from './sync-directory.ts'
import { writeFully } from './write-fully.ts'

const SNAPSHOT_RECORD_TARGET_BYTES = 1024 * 1024
/**
 * The snapshot is synchronised every this many bytes as it is written, not only at its end. A log
 * append is a synchronised write: while a snapshot of 64-128 MiB was written in one go and
 * synchronised only at its end, the appends made meanwhile waited on its data too (the disk busy
 * writing it back, or an ext4 journal commit taking it along). Measured: README "Performance".
 */
const SNAPSHOT_SYNC_BYTES = 8 * 1024 * 1024

/**
 * Streams `changes` into snapshot-<gen>.tmp and only renames it to
 * snapshot-<gen>.bson once it is fsync'd, so a .bson snapshot is always complete. Returns its size.
 */
export async function writeSnapshot(dir: string, gen: number, changes: Iterable<Change>): Promise<number> {
  const tmpPath = snapshotTmpPath(dir, gen)
  const handle = await open(tmpPath, 'w')
  let position = 0
  let synced = 0
  // Records are written one after the other, so one payload buffer serves them all: a snapshot of a
  // 500k-document load is ~150 MiB of records, which as fresh buffers start major GCs (record-buffers.ts).
  const buffers = new RecordBuffers()
  try {
    for (const chunk of chunkChanges(changes, SNAPSHOT_RECORD_TARGET_BYTES)) {
      const [header, payload] = encodeRecord(chunk, size => buffers.acquire(size))
      try {
        await writeFully(handle, [header, payload], position)
      }
      finally {
        buffers.release(payload)
      }
      position += header.length + payload.length
      if (position - synced >= SNAPSHOT_SYNC_BYTES) {
        await handle.datasync()
        synced = position
      }
    }
    await handle.sync()
  }
  catch (error) {
    await handle.close().catch(() => {})
    await rm(tmpPath, { force: true }).catch(() => {})
    throw error
  }
  await handle.close()
  await rename(tmpPath, snapshotPath(dir, gen))
  await syncDirectory(dir)
  return position
}
