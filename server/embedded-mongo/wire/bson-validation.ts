import { isUtf8 } from 'node:buffer'
import { BSON, BSONError } from 'bson'
import { int32At } from './bson-element-walk.ts'

/**
 * Inserted documents are stored as the BSON bytes the client sent and decoded only when read. An insert
 * must still fail where decoding would have failed, so the bytes are walked here and rejected exactly
 * when `BSON.deserialize(bytes)` (default options) would throw, for a fraction of the cost of decoding.
 *
 * The walk keeps to the enclosing document's declared end, where bson's walks on and fails later: an
 * element running past that end is rejected either way.
 */

/** Value sizes of the types every byte pattern of which decodes; -1 for the others. */
const FIXED_SIZE = new Int8Array(256).fill(-1)
for (const [type, size] of [[0x01, 8], [0x06, 0], [0x07, 12], [0x09, 8], [0x0a, 0], [0x10, 4], [0x11, 8], [0x12, 8], [0x13, 16], [0xff, 0], [0x7f, 0]]) FIXED_SIZE[type!] = size!

/** Where each open document ends, outermost first: reused across calls, as the walk is hot (once per inserted document). */
const enclosingEnds: number[] = []

export function assertValidBson(bytes: Uint8Array): void {
  const length = bytes.length
  if (length < 5 || int32At(bytes, 0) !== length) throw new BSONError(`bson size must be >= 5 and equal the buffer length ${length}`)
  let depth = 0
  let end = length // of the innermost open document
  let at = 4
  for (;;) {
    const type = bytes[at]!
    const terminator = end - 1 // values end at or before it
    if (at === terminator) {
      if (type !== 0) throw new BSONError('Bad BSON Document: object not properly terminated')
      if (depth === 0) return
      end = enclosingEnds[--depth]!
      at++
      continue
    }
    if (type === 0) throw new BSONError('Bad BSON Document: object not properly terminated')
    let nameEnd = at + 1
    while (nameEnd < terminator && bytes[nameEnd] !== 0) nameEnd++
    if (nameEnd >= terminator) throw new BSONError('Bad BSON Document: illegal CString')
    at = nameEnd + 1
    const fixedSize = FIXED_SIZE[type]!
    if (fixedSize >= 0) {
      at += fixedSize
      if (at > terminator) throw new BSONError('bson value runs past the end of its document')
      continue
    }
    switch (type) {
      case 0x02:
        at = stringEnd(bytes, at, terminator)
        break
      case 0x03: case 0x04: {
        const size = int32At(bytes, at)
        if (size < 5 || size > terminator - at) throw new BSONError(`bad embedded ${type === 0x04 ? 'array' : 'document'} length in bson`)
        enclosingEnds[depth++] = end
        end = at + size
        at += 4
        break
      }
      case 0x08:
        if (at >= terminator || bytes[at]! > 1) throw new BSONError('illegal boolean type value')
        at++
        break
      case 0x05: case 0x0b: case 0x0c: case 0x0d: case 0x0e: case 0x0f:
        // Binary, regex, DBPointer, code, symbol, code with scope: rare in inserts, with checks of their own
        // (a regex source must even compile), so decoding decides.
        BSON.deserialize(bytes)
        return
      default:
        throw new BSONError(`Detected unknown BSON type ${type.toString(16)}`)
    }
  }
}

/** Where the string value at `at` ends: it must fit before `terminator`, end in a 0 byte and be UTF-8, as bson checks by default. */
function stringEnd(bytes: Uint8Array, at: number, terminator: number): number {
  const size = int32At(bytes, at)
  const start = at + 4
  const nul = start + size - 1
  if (size <= 0 || size > terminator - start || bytes[nul] !== 0) throw new BSONError('bad string length in bson')
  // ASCII needs no decoder; from the first other byte on, the native check.
  for (let i = start; i < nul; i++) {
    if (bytes[i]! >= 0x80) {
      if (!isUtf8(bytes.subarray(i, nul))) throw new BSONError('Invalid UTF-8 string in BSON document')
      break
    }
  }
  return nul + 1
}
