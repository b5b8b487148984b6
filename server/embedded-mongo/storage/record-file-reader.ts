import { open } from 'node:fs/promises'
import type { Change } from './change.ts'
import { crc32c } from '../crc32c.ts'
import { RECORD_HEADER_BYTES, decodeRecordPayload } from './record-codec.ts'

const READ_CHUNK_BYTES = 4 * 1024 * 1024

export interface RecordFileScan {
  fileBytes: number
  /** Offset just past the last record that was intact. */
  validBytes: number
  /** Why reading stopped before the end of the file; undefined when every byte was a good record. */
  problem?: string
}

/**
 * Streams the records of a WAL or snapshot file to `onRecord`, stopping at the
 * first record that is incomplete, fails its checksum or does not parse.
 * Never throws for bad content; only I/O errors and `onRecord` errors escape.
 */
export async function scanRecordFile(
  filePath: string,
  onRecord: (changes: Change[]) => void,
): Promise<RecordFileScan> {
  const handle = await open(filePath, 'r')
  try {
    const fileBytes = (await handle.stat()).size
    let buffered = Buffer.alloc(0)
    let bufferedFrom = 0 // file offset of buffered[0]
    let readPosition = 0

    // Reads until `bytes` are buffered or the file ends; false when it ended first.
    const ensureBuffered = async (bytes: number): Promise<boolean> => {
      while (buffered.length < bytes && readPosition < fileBytes) {
        const wanted = Math.max(READ_CHUNK_BYTES, bytes - buffered.length)
        const chunk = Buffer.allocUnsafe(Math.min(wanted, fileBytes - readPosition))
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, readPosition)
        if (bytesRead === 0) break
        readPosition += bytesRead
        buffered = buffered.length === 0 ? chunk.subarray(0, bytesRead) : Buffer.concat([buffered, chunk.subarray(0, bytesRead)])
      }
      return buffered.length >= bytes
    }

    const stopped = (problem: string): RecordFileScan => ({ fileBytes, validBytes: bufferedFrom, problem })

    for (;;) {
      if (bufferedFrom === fileBytes) return { fileBytes, validBytes: fileBytes }
      if (!(await ensureBuffered(RECORD_HEADER_BYTES))) return stopped('incomplete record header')
      const payloadBytes = buffered.readUInt32LE(0)
      const expectedCrc = buffered.readUInt32LE(4)
      const recordBytes = RECORD_HEADER_BYTES + payloadBytes
      // Checked before buffering so a garbage length cannot make us allocate gigabytes.
      if (bufferedFrom + recordBytes > fileBytes) return stopped('record runs past end of file')
      if (!(await ensureBuffered(recordBytes))) return stopped('record runs past end of file')
      const payload = buffered.subarray(RECORD_HEADER_BYTES, recordBytes)
      if (crc32c(payload) !== expectedCrc) return stopped('checksum mismatch')
      let changes: Change[]
      try {
        changes = decodeRecordPayload(payload)
      }
      catch (error) {
        return stopped(`unparsable record (${(error as Error).message})`)
      }
      onRecord(changes)
      buffered = buffered.subarray(recordBytes)
      bufferedFrom += recordBytes
    }
  }
  finally {
    await handle.close()
  }
}
