import { BSON } from 'bson'
import { crc32c } from '../crc32c.ts'
import type { Change } from './change.ts'

// Frame: [u32 LE payload length][u32 LE crc32c of payload][payload = BSON { c: changes }]
export const RECORD_HEADER_BYTES = 8
const MAX_PAYLOAD_BYTES = 0xffff_ffff

/** Returns header and payload as separate buffers so writers can hand both to writev without copying. */
export function encodeRecord(changes: readonly Change[]): [Buffer, Buffer] {
  const payload = serializeChanges({ c: changes })
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw new RangeError(`Record of ${payload.length} bytes exceeds the ${MAX_PAYLOAD_BYTES}-byte frame limit`)
  }
  const header = Buffer.allocUnsafe(RECORD_HEADER_BYTES)
  header.writeUInt32LE(payload.length, 0)
  header.writeUInt32LE(crc32c(payload), 4)
  return [header, payload]
}

function serializeChanges(body: { c: readonly Change[] }): Buffer {
  const options = { ignoreUndefined: false }
  try {
    return toBuffer(BSON.serialize(body, options))
  } catch (error) {
    // bson serializes through a process-wide ~17 MB scratch buffer; only a
    // larger record pays for growing it (and it stays grown).
    if (!(error instanceof RangeError)) throw error
    BSON.setInternalBufferSize(BSON.calculateObjectSize(body, options))
    return toBuffer(BSON.serialize(body, options))
  }
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Throws when the payload is not a BSON document of the expected shape. */
export function decodeRecordPayload(payload: Uint8Array): Change[] {
  const body = BSON.deserialize(payload)
  const changes: unknown = body['c']
  if (!Array.isArray(changes)) throw new Error('record payload has no "c" array')
  return changes as Change[]
}
