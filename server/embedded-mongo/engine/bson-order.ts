import type { Binary, ObjectId, Document } from 'bson'
import { MaxKey, MinKey } from 'bson'

/**
 * MongoDB's total order over BSON values (the "comparison/sort order" of the manual): first by type
 * bracket, then by value. Indexes, sorts and range bounds all use it, so they agree with mongod.
 */
export const TypeRank = {
  MinKey: 1, Null: 2, Number: 3, String: 4, Object: 5, Array: 6, BinData: 7,
  ObjectId: 8, Boolean: 9, Date: 10, Timestamp: 11, RegExp: 12, MaxKey: 13,
} as const

/** A bound at the very start (-1) or end (+1) of one type bracket: `$lt: date` scans only dates. */
export class TypeEdge {
  readonly rank: number
  readonly edge: -1 | 1
  constructor(rank: number, edge: -1 | 1) {
    this.rank = rank
    this.edge = edge
  }
}

export const MIN_VALUE = new MinKey()
export const MAX_VALUE = new MaxKey()

export function typeRank(value: unknown): number {
  if (value === null || value === undefined) return TypeRank.Null
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return TypeRank.Number
    case 'string':
      return TypeRank.String
    case 'boolean':
      return TypeRank.Boolean
    case 'object':
      break
    default:
      return TypeRank.Object
  }
  if (Array.isArray(value)) return TypeRank.Array
  if (value instanceof Date) return TypeRank.Date
  if (value instanceof RegExp) return TypeRank.RegExp
  if (value instanceof TypeEdge) return value.rank
  switch ((value as { _bsontype?: string })._bsontype) {
    case 'ObjectId': return TypeRank.ObjectId
    case 'Binary': return TypeRank.BinData
    case 'Long': case 'Double': case 'Int32': case 'Decimal128': return TypeRank.Number
    case 'BSONSymbol': return TypeRank.String
    case 'Timestamp': return TypeRank.Timestamp
    case 'BSONRegExp': return TypeRank.RegExp
    case 'MinKey': return TypeRank.MinKey
    case 'MaxKey': return TypeRank.MaxKey
    default: return TypeRank.Object
  }
}

/** The double a number of any BSON type compares as (Long and Decimal128 through their decimal text). */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  return Number((value as { valueOf(): unknown }).toString())
}

/** bson 7 keeps an ObjectId as four 24-bit integers; `.id` would allocate a 12-byte buffer per call. */
interface PackedObjectId { i0?: number, i1: number, i2: number, i3: number }

function compareObjectIds(a: ObjectId, b: ObjectId): number {
  const x = a as unknown as PackedObjectId
  const y = b as unknown as PackedObjectId
  if (x.i0 === undefined || y.i0 === undefined) return Buffer.compare(a.id, b.id)
  return (x.i0 - y.i0) || (x.i1 - y.i1) || (x.i2 - y.i2) || (x.i3 - y.i3)
}

function compareNumbers(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1
  if (Number.isNaN(b)) return 1
  return a < b ? -1 : a > b ? 1 : 0
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function compareDocuments(a: Document, b: Document): number {
  const aKeys = Object.keys(a)
  const bKeys = Object.keys(b)
  const shared = Math.min(aKeys.length, bKeys.length)
  for (let i = 0; i < shared; i++) {
    const aValue = a[aKeys[i]!]
    const bValue = b[bKeys[i]!]
    const byType = typeRank(aValue) - typeRank(bValue)
    if (byType !== 0) return byType
    const byName = compareStrings(aKeys[i]!, bKeys[i]!)
    if (byName !== 0) return byName
    const byValue = compareValues(aValue, bValue)
    if (byValue !== 0) return byValue
  }
  return aKeys.length - bKeys.length
}

function compareArrays(a: unknown[], b: unknown[]): number {
  const shared = Math.min(a.length, b.length)
  for (let i = 0; i < shared; i++) {
    const byValue = compareValues(a[i], b[i])
    if (byValue !== 0) return byValue
  }
  return a.length - b.length
}

function regExpParts(value: unknown): [string, string] {
  if (value instanceof RegExp) return [value.source, value.flags]
  const bsonRegExp = value as { pattern: string, options: string }
  return [bsonRegExp.pattern, bsonRegExp.options]
}

/**
 * Kept small so V8 inlines it into index comparators: the types indexes hold most (ids, names,
 * counts, timestamps) are answered here, everything else by the general comparison.
 */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'string') {
    if (typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  }
  else if (typeof a === 'number') {
    if (typeof b === 'number' && a === a && b === b) return a < b ? -1 : a > b ? 1 : 0
  }
  else if (a instanceof Date && b instanceof Date) {
    return compareNumbers(a.getTime(), b.getTime())
  }
  return compareAnyValues(a, b)
}

function compareAnyValues(a: unknown, b: unknown): number {
  const aRank = typeRank(a)
  const bRank = typeRank(b)
  if (aRank !== bRank) return aRank - bRank
  if (a instanceof TypeEdge) return b instanceof TypeEdge ? a.edge - b.edge : a.edge
  if (b instanceof TypeEdge) return -b.edge
  switch (aRank) {
    case TypeRank.Null:
    case TypeRank.MinKey:
    case TypeRank.MaxKey:
      return 0
    case TypeRank.Number:
      return compareNumbers(toNumber(a), toNumber(b))
    case TypeRank.String:
      return compareStrings(String(a), String(b))
    case TypeRank.Object:
      return compareDocuments(a as Document, b as Document)
    case TypeRank.Array:
      return compareArrays(a as unknown[], b as unknown[])
    case TypeRank.BinData: {
      const aBinary = a as Binary
      const bBinary = b as Binary
      return (aBinary.position - bBinary.position) || (aBinary.sub_type - bBinary.sub_type)
        || Buffer.compare(aBinary.buffer.subarray(0, aBinary.position), bBinary.buffer.subarray(0, bBinary.position))
    }
    case TypeRank.ObjectId:
      return compareObjectIds(a as ObjectId, b as ObjectId)
    case TypeRank.Boolean:
      return Number(a) - Number(b)
    case TypeRank.Date:
      return compareNumbers((a as Date).getTime(), (b as Date).getTime())
    case TypeRank.Timestamp: {
      const aTime = a as { t: number, i: number }
      const bTime = b as { t: number, i: number }
      return (aTime.t - bTime.t) || (aTime.i - bTime.i)
    }
    case TypeRank.RegExp: {
      const [aSource, aFlags] = regExpParts(a)
      const [bSource, bFlags] = regExpParts(b)
      return compareStrings(aSource, bSource) || compareStrings(aFlags, bFlags)
    }
    default:
      return 0
  }
}
