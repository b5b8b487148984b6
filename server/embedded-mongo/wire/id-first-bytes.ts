import { int32At, nulAt, valueEnd } from './bson-element-walk.ts'

/**
 * The driver appends a generated _id as the last field of each inserted document; MongoDB returns
 * _id first. Documents are stored as sent, and moving the `_id` element to the front of the bytes
 * before they are decoded gives the decoded document that order directly, cheaper than rebuilding
 * the object.
 */

function isIdName(bytes: Uint8Array, at: number): boolean {
  return bytes[at] === 0x5f && bytes[at + 1] === 0x69 && bytes[at + 2] === 0x64 && bytes[at + 3] === 0x00 // "_id\0"
}

/**
 * The document's bytes with its `_id` element first, or the same bytes when it already is, has none,
 * has it twice, or cannot be walked.
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

/** Whether the document's first element is named `_id`. */
function hasIdFirst(bytes: Uint8Array): boolean {
  return bytes.length > 8 && isIdName(bytes, 5)
}

/** The document's bytes without its `_id` element (a `{_id: 0}` projection), or undefined when they cannot be walked. */
export function withoutIdBytes(bytes: Uint8Array): Uint8Array | undefined {
  const idFirst = withIdFirstBytes(bytes)
  if (!hasIdFirst(idFirst)) return undefined
  // Type byte at 4, the name `_id\0` at 5-8, the value from 9.
  const end = valueEnd(idFirst, idFirst[4]!, 9, idFirst.length - 1)
  if (end < 0) return undefined
  const rest = Buffer.allocUnsafe(idFirst.length - (end - 4))
  rest.writeInt32LE(rest.length, 0)
  rest.set(idFirst.subarray(end), 4)
  return rest
}
