import { BSON } from 'bson'
import { crc32c } from '../crc32c.ts'
import type { Change } from './change.ts'
import { serializeChangesRecord } from './record-bson.ts'

// Frame: [u32 LE payload length][u32 LE crc32c of payload][payload = BSON { c: changes }]
export const RECORD_HEADER_BYTES = 8
const MAX_PAYLOAD_BYTES = 0xffff_ffff

/**
 * Returns header and payload as separate buffers so writers can hand both to writev without copying.
 * The payload's buffer comes from `allocate` (a reused one: storage/record-buffers.ts) when given.
 */
export function encodeRecord(changes: readonly Change[], allocate?: (size: number) => Buffer): [Buffer, Buffer] {
  const payload = serializeChangesRecord(changes, allocate)
  if (payload.length > MAX_PAYLOAD_BYTES) {
    throw new RangeError(`Record of ${payload.length} bytes exceeds the ${MAX_PAYLOAD_BYTES}-byte frame limit`)
  }
  const header = Buffer.allocUnsafe(RECORD_HEADER_BYTES)
  header.writeUInt32LE(payload.length, 0)
  header.writeUInt32LE(crc32c(payload), 4)
  return [header, payload]
}

/**
 * Throws when the payload is not a BSON document of the expected shape. A put's documents come back
 * as their BSON bytes, copied so that they do not keep the file's read buffer alive. Each change is
 * decoded on its own, so that only a put's own `docs` are left undecoded.
 */
export function decodeRecordPayload(payload: Uint8Array): Change[] {
  const changes: unknown = BSON.deserialize(payload, { fieldsAsRaw: { c: true } })['c']
  if (!Array.isArray(changes)) throw new Error('record payload has no "c" array')
  return changes.map(decodeChange)
}

function decodeChange(bytes: Uint8Array): Change {
  if (!(bytes instanceof Uint8Array)) throw new Error('record payload has a change that is not a document')
  const change = BSON.deserialize(bytes, { fieldsAsRaw: { docs: true } })
  // Other changes are small, and decoded again in full: a deleted _id may hold an array named docs.
  if (change.op !== 'put') return BSON.deserialize(bytes) as Change
  if (!Array.isArray(change.docs) || !change.docs.every(document => document instanceof Uint8Array)) throw new Error('record payload has a put without a "docs" array of documents')
  return { op: 'put', db: change.db, coll: change.coll, docs: change.docs.map(document => Buffer.from(document)) }
}
