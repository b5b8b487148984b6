import { ObjectId, type Document } from 'bson'
import { int32At, nulAt, valueEnd } from '../wire/bson-element-walk.ts'

const DOUBLE = 0x01
const STRING = 0x02
const OBJECT_ID = 0x07
const BOOLEAN = 0x08
const DATE = 0x09
const NULL = 0x0a
const INT32 = 0x10

/** The names to read, as the bytes they appear as in BSON, so that elements are matched without decoding their names. */
export class FieldNames {
  readonly names: readonly string[]
  private readonly encoded: Uint8Array[]

  constructor(names: Iterable<string>) {
    this.names = [...new Set(names)]
    this.encoded = this.names.map(name => Buffer.from(name, 'utf8'))
  }

  /** The position of the name spelt by bytes [start, end), or -1. */
  match(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start
    for (let i = 0; i < this.encoded.length; i++) {
      const name = this.encoded[i]!
      if (name.length !== length) continue
      let same = true
      for (let k = 0; k < length && same; k++) same = bytes[start + k] === name[k]
      if (same) return i
    }
    return -1
  }
}

const float64 = new Float64Array(1)
const float64Bytes = new Uint8Array(float64.buffer)

function doubleAt(bytes: Uint8Array, at: number): number {
  for (let i = 0; i < 8; i++) float64Bytes[i] = bytes[at + i]!
  return float64[0]!
}

/**
 * Short ASCII strings (ids, slugs: what indexes mostly hold) are built here, cheaper than a call into
 * the decoder. Up to 12 chars, V8 concatenates into flat strings (longer ones would be cons strings).
 */
const SHORT_STRING = 12

function utf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT_STRING) {
    let text = ''
    for (let at = start; at < end; at++) {
      const byte = bytes[at]!
      if (byte >= 0x80) return decodeUtf8(bytes, start, end)
      text += String.fromCharCode(byte)
    }
    return text
  }
  return decodeUtf8(bytes, start, end)
}

function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return buffer.toString('utf8', start, end)
}

/** The value of a scalar element as bson's deserialiser returns it, or NOT_READ for a type left to it. */
const NOT_READ = Symbol('not read')

function scalarAt(bytes: Uint8Array, type: number, at: number): unknown {
  switch (type) {
    case STRING: return utf8(bytes, at + 4, at + 4 + int32At(bytes, at) - 1)
    case INT32: return int32At(bytes, at)
    case DOUBLE: return doubleAt(bytes, at)
    case DATE: return new Date((int32At(bytes, at + 4) * 2 ** 32) + (int32At(bytes, at) >>> 0))
    case OBJECT_ID: return new ObjectId(bytes.subarray(at, at + 12))
    case BOOLEAN: return bytes[at] === 1
    case NULL: return null
    default: return NOT_READ
  }
}

/**
 * Some top-level fields of a valid BSON document, read without decoding the rest: what an insert
 * needs for its _id and index keys. Undefined when one of them has a type this reader leaves to the
 * full decoder (embedded documents, arrays, int64, the rarer types); the caller decodes then.
 * A later element of the same name wins, as in bson's deserialiser.
 */
export function readTopLevelFields(bytes: Uint8Array, fields: FieldNames): Document | undefined {
  const found: Document = {}
  const limit = bytes.length - 1
  let at = 4
  while (at < limit) {
    const type = bytes[at]!
    const nameEnd = nulAt(bytes, at + 1, limit)
    const end = valueEnd(bytes, type, nameEnd + 1, limit)
    if (end < 0) return undefined
    const position = fields.match(bytes, at + 1, nameEnd)
    if (position >= 0) {
      const value = scalarAt(bytes, type, nameEnd + 1)
      const name = fields.names[position]!
      if (value === NOT_READ || name === '__proto__') return undefined
      found[name] = value
    }
    at = end
  }
  return found
}
