import { ObjectId, type Document } from 'bson'
import { BsonType, int32At, nulAt, valueEnd } from '../wire/bson-element-walk.ts'
import { dateMillisAt, doubleAt, stringAt } from '../wire/bson-scalars.ts'

/** The type FieldLocations gives a field the document does not have (no BSON type is 0). */
export const ABSENT = 0

/** Where the fields of a FieldNames lie in one document: per name, its value's BSON type (ABSENT when missing) and offset. */
export interface FieldLocations {
  readonly types: Uint8Array
  readonly offsets: Int32Array
}

/** The names to read, as the bytes they appear as in BSON, so that elements are matched without decoding their names. */
export class FieldNames {
  readonly names: readonly string[]
  private readonly encoded: Uint8Array[]
  /** Filled by `locate`, and reused by the next call: reading fields allocates nothing. */
  private readonly located: FieldLocations

  constructor(names: Iterable<string>) {
    this.names = [...new Set(names)]
    this.encoded = this.names.map(name => Buffer.from(name, 'utf8'))
    this.located = { types: new Uint8Array(this.names.length), offsets: new Int32Array(this.names.length) }
  }

  /**
   * Where these fields are in a valid BSON document, reading nothing else; undefined when an element
   * cannot be walked. A later element of the same name wins, as in bson's deserialiser. The result
   * is overwritten by the next call.
   */
  locate(bytes: Uint8Array): FieldLocations | undefined {
    const { types, offsets } = this.located
    types.fill(ABSENT)
    const limit = bytes.length - 1
    let at = 4
    while (at < limit) {
      const type = bytes[at]!
      const nameEnd = nulAt(bytes, at + 1, limit)
      const end = valueEnd(bytes, type, nameEnd + 1, limit)
      if (end < 0) return undefined
      const position = this.match(bytes, at + 1, nameEnd)
      if (position >= 0) {
        types[position] = type
        offsets[position] = nameEnd + 1
      }
      at = end
    }
    return this.located
  }

  /** The position of the name spelt by bytes [start, end), or -1. */
  private match(bytes: Uint8Array, start: number, end: number): number {
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

/** The value of a scalar element as bson's deserialiser returns it, or NOT_READ for a type left to it. */
export const NOT_READ = Symbol('not read')

export function scalarAt(bytes: Uint8Array, type: number, at: number): unknown {
  switch (type) {
    case BsonType.String: return stringAt(bytes, at)
    case BsonType.Int32: return int32At(bytes, at)
    case BsonType.Double: return doubleAt(bytes, at)
    case BsonType.Date: return new Date(dateMillisAt(bytes, at))
    case BsonType.ObjectId: return new ObjectId(bytes.subarray(at, at + 12))
    case BsonType.Boolean: return bytes[at] === 1
    case BsonType.Null: return null
    default: return NOT_READ
  }
}

/**
 * Some top-level fields of a valid BSON document, read without decoding the rest: what a query's
 * filter and sort, or an index's keys, need of a stored document. Undefined when one of them has a
 * type this reader leaves to the full decoder (embedded documents, arrays, int64, the rarer types);
 * the caller decodes then.
 */
export function readTopLevelFields(bytes: Uint8Array, fields: FieldNames): Document | undefined {
  const located = fields.locate(bytes)
  if (!located) return undefined
  const found: Document = {}
  for (let position = 0; position < fields.names.length; position++) {
    const type = located.types[position]!
    if (type === ABSENT) continue
    const value = scalarAt(bytes, type, located.offsets[position]!)
    const name = fields.names[position]!
    if (value === NOT_READ || name === '__proto__') return undefined
    found[name] = value
  }
  return found
}
