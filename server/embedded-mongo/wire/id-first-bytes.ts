/**
 * The driver appends a generated _id as the last field of each inserted document; MongoDB stores _id
 * first. Moving the `_id` element to the front of the BSON bytes before they are deserialised gives
 * the document its stored field order directly, and the write-ahead log the stored bytes, instead of
 * rebuilding the object and then reshuffling its bytes.
 */

/** Value sizes by BSON element type: fixed ones, or VARIABLE when read from the value. Hot: walked per inserted document. */
const VARIABLE = -1
const UNKNOWN = -2
const VALUE_SIZE = new Int8Array(256).fill(UNKNOWN)
for (const [type, size] of [[0x01, 8], [0x06, 0], [0x07, 12], [0x08, 1], [0x09, 8], [0x0a, 0], [0x10, 4], [0x11, 8], [0x12, 8], [0x13, 16], [0xff, 0], [0x7f, 0]]) VALUE_SIZE[type!] = size!
for (const type of [0x02, 0x03, 0x04, 0x05, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f]) VALUE_SIZE[type] = VARIABLE

function int32At(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)
}

/** The index of the first 0 byte at or after `from`, or `limit` when there is none before it. */
function nulAt(bytes: Uint8Array, from: number, limit: number): number {
  let at = from
  while (at < limit && bytes[at] !== 0) at++
  return at
}

/** Where the value of an element of `type` starting at `at` ends, or -1 for an unknown type or a size that does not fit. */
function valueEnd(bytes: Uint8Array, type: number, at: number, limit: number): number {
  const size = VALUE_SIZE[type]!
  if (size >= 0) return at + size
  if (size === UNKNOWN) return -1
  if (type === 0x0b) { // regex: two C strings
    const patternEnd = nulAt(bytes, at, limit)
    return patternEnd >= limit ? -1 : nulAt(bytes, patternEnd + 1, limit) + 1
  }
  if (at + 4 > limit) return -1
  const declared = int32At(bytes, at)
  if (declared < 0) return -1
  switch (type) {
    case 0x03: case 0x04: case 0x0f: return at + declared // document, array, code with scope: the size counts itself
    case 0x05: return at + 5 + declared // binary: length, subtype, bytes
    case 0x0c: return at + 4 + declared + 12 // DBPointer: string, ObjectId
    default: return at + 4 + declared // string, code, symbol
  }
}

function isIdName(bytes: Uint8Array, at: number): boolean {
  return bytes[at] === 0x5f && bytes[at + 1] === 0x69 && bytes[at + 2] === 0x64 && bytes[at + 3] === 0x00 // "_id\0"
}

/**
 * The document's bytes with its `_id` element first, or the same bytes when it already is, has none,
 * has it twice, or cannot be walked (deserialising then reports what is wrong, as before).
 */
export function withIdFirstBytes(bytes: Uint8Array): Uint8Array {
  const limit = bytes.length - 1
  if (bytes.length < 5 || bytes[limit] !== 0 || int32At(bytes, 0) !== bytes.length) return bytes
  let idStart = -1
  let idEnd = -1
  let at = 4
  while (at < limit) {
    const nameEnd = nulAt(bytes, at + 1, limit)
    if (nameEnd >= limit) return bytes
    const end = valueEnd(bytes, bytes[at]!, nameEnd + 1, limit)
    if (end < 0 || end > limit) return bytes
    if (nameEnd === at + 4 && isIdName(bytes, at + 1)) {
      if (idStart >= 0) return bytes
      idStart = at
      idEnd = end
    }
    at = end
  }
  if (at !== limit || idStart <= 4) return bytes
  // One copy, then the elements before _id shifted over it and _id written in front: no views allocated.
  // A Buffer, as received: bson decodes strings from a Buffer without wrapping it per string.
  const reordered = Buffer.allocUnsafe(bytes.length)
  reordered.set(bytes)
  reordered.copyWithin(4 + idEnd - idStart, 4, idStart)
  for (let i = idStart; i < idEnd; i++) reordered[4 + i - idStart] = bytes[i]!
  return reordered
}
