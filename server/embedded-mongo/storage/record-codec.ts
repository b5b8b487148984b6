import { BSON } from 'bson'
import { crc32c } from '../crc32c.ts'
import type { Change } from './change.ts'
import { serializeChangesRecord } from './record-bson.ts'

// Frame: [u32 LE payload length][u32 LE crc32c of payload][payload = BSON { c: changes }]
export const RECORD_HEADER_BYTES = 8
const MAX_PAYLOAD_BYTES = 0xffff_ffff

/** Returns header and payload as separate buffers so writers can hand both to writev without copying. */
export function encodeRecord(changes: readonly Change[]): [Buffer, Buffer] {
  const payload = serializeChangesRecord(changes)
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw new RangeError(`Record of ${payload.length} bytes exceeds the ${MAX_PAYLOAD_BYTES}-byte frame limit`)
  }
  const header = Buffer.allocUnsafe(RECORD_HEADER_BYTES)
  header.writeUInt32LE(payload.length, 0)
  header.writeUInt32LE(crc32c(payload), 4)
  return [header, payload]
}

/** Throws when the payload is not a BSON document of the expected shape. */
export function decodeRecordPayload(payload: Uint8Array): Change[] {
  const body = BSON.deserialize(payload)
  const changes: unknown = body['c']
  if (!Array.isArray(changes)) throw new Error('record payload has no "c" array')
  return changes as Change[]
}
