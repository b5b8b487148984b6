/** Walking BSON elements without decoding them: where a value ends, by its type. */

/** The element types read from bytes without the decoder (bsonspec.org). */
export const BsonType = {
  Double: 0x01,
  String: 0x02,
  ObjectId: 0x07,
  Boolean: 0x08,
  Date: 0x09,
  Null: 0x0a,
  Int32: 0x10,
} as const

/** Value sizes by BSON element type: fixed ones, or VARIABLE when read from the value. Hot: walked per inserted document. */
const VARIABLE = -1
const UNKNOWN = -2
const VALUE_SIZE = new Int8Array(256).fill(UNKNOWN)
for (const [type, size] of [[0x01, 8], [0x06, 0], [0x07, 12], [0x08, 1], [0x09, 8], [0x0a, 0], [0x10, 4], [0x11, 8], [0x12, 8], [0x13, 16], [0xff, 0], [0x7f, 0]]) VALUE_SIZE[type!] = size!
for (const type of [0x02, 0x03, 0x04, 0x05, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f]) VALUE_SIZE[type] = VARIABLE

export function int32At(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)
}

/** The index of the first 0 byte at or after `from`, or `limit` when there is none before it. */
export function nulAt(bytes: Uint8Array, from: number, limit: number): number {
  let at = from
  while (at < limit && bytes[at] !== 0) at++
  return at
}

/** Where the value of an element of `type` starting at `at` ends, or -1 for an unknown type or a size that does not fit. */
export function valueEnd(bytes: Uint8Array, type: number, at: number, limit: number): number {
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
