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

/** Where the document's one `_id` element starts and ends; undefined when it has none, has it twice, or cannot be walked. */
function idElement(bytes: Uint8Array): { start: number, end: number } | undefined {
  const limit = bytes.length - 1
  if (bytes.length < 5 || bytes[limit] !== 0 || int32At(bytes, 0) !== bytes.length) return undefined
  let element: { start: number, end: number } | undefined
  let at = 4
  while (at < limit) {
    const nameEnd = nulAt(bytes, at + 1, limit)
    if (nameEnd >= limit) return undefined
    const end = valueEnd(bytes, bytes[at]!, nameEnd + 1, limit)
    if (end < 0 || end > limit) return undefined
    if (nameEnd === at + 4 && isIdName(bytes, at + 1)) {
      if (element) return undefined
      element = { start: at, end }
    }
    at = end
  }
  return at === limit ? element : undefined
}

/**
 * The document's bytes with its `_id` element first, or the same bytes when it already is, has none,
 * has it twice, or cannot be walked.
 */
export function withIdFirstBytes(bytes: Uint8Array): Uint8Array {
  const id = idElement(bytes)
  if (!id || id.start === 4) return bytes
  // One copy, then the elements before _id shifted over it and _id written in front: no views allocated.
  // A Buffer, as received: bson decodes strings from a Buffer without wrapping it per string.
  const reordered = Buffer.allocUnsafe(bytes.length)
  reordered.set(bytes)
  reordered.copyWithin(4 + id.end - id.start, 4, id.start)
  for (let i = id.start; i < id.end; i++) reordered[4 + i - id.start] = bytes[i]!
  return reordered
}

/** The document's bytes without its `_id` element (a `{_id: 0}` projection), in one copy; undefined when idElement finds none. */
export function withoutIdBytes(bytes: Uint8Array): Uint8Array | undefined {
  const id = idElement(bytes)
  if (!id) return undefined
  const rest = Buffer.allocUnsafe(bytes.length - (id.end - id.start))
  rest.writeInt32LE(rest.length, 0)
  rest.set(bytes.subarray(4, id.start), 4)
  rest.set(bytes.subarray(id.end), id.start)
  return rest
}
