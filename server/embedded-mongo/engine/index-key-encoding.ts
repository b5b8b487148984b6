import { BsonType, int32At } from '../wire/bson-element-walk.ts'
import { dateMillisAt, decodeUtf8, doubleAt } from '../wire/bson-scalars.ts'
import { TypeEdge, TypeRank, toNumber, typeRank } from './bson-order.ts'
import { ABSENT } from './top-level-fields.ts'

/**
 * An order-preserving encoding of index values into strings, so that a B-tree of keys compares with
 * `<` instead of walking values through the BSON comparator. For the values it covers, two encodings
 * compare exactly as `compareValues` compares the values, and are equal exactly when the values are:
 * -0 and 0 share one encoding, as do all NaNs. Each encoding is self-delimiting (no encoding is a
 * prefix of another), so a concatenation of fields compares field by field.
 *
 * Every char is a byte (0–255): V8 compares flat one-byte strings inline, but any other string
 * through a runtime call, which measured twice as slow per B-tree insert. A value is a type byte (its
 * BSON type bracket × 2) and a body: numbers and dates as the 8 bytes of an order-preserving IEEE-754
 * transform, ObjectIds as their 12 bytes, strings as their UTF-16 code units (1–0xfe as one byte,
 * 0 as 00 01, others as ff hi lo) ended by 00 00. Odd bytes, which no value starts with, stand for
 * the edges of a type bracket in range bounds. A descending field has every byte complemented.
 * Objects, arrays, binaries, Long/Decimal128, timestamps and regexes have no encoding: an index
 * holding one falls back to comparing values.
 */

const COMPLEMENT = 0xff
/** The largest time a JavaScript Date holds (ECMAScript TimeClip). */
const MAX_DATE_MILLIS = 8.64e15
const WIDE_CHAR = 0xff
/** The scratch buffer keys are written into; one that grew past this for a huge string is dropped after use. */
const SCRATCH_BYTES = 256
const SCRATCH_KEPT_BYTES = 1 << 20

const TYPE_BYTE = {
  minKey: TypeRank.MinKey * 2,
  null: TypeRank.Null * 2,
  number: TypeRank.Number * 2,
  string: TypeRank.String * 2,
  objectId: TypeRank.ObjectId * 2,
  boolean: TypeRank.Boolean * 2,
  date: TypeRank.Date * 2,
  maxKey: TypeRank.MaxKey * 2,
}

const BODY_LENGTH: Record<number, number> = {
  [TYPE_BYTE.minKey]: 0,
  [TYPE_BYTE.null]: 0,
  [TYPE_BYTE.number]: 8,
  [TYPE_BYTE.objectId]: 12,
  [TYPE_BYTE.boolean]: 1,
  [TYPE_BYTE.date]: 8,
  [TYPE_BYTE.maxKey]: 0,
}

let scratch = Buffer.allocUnsafe(SCRATCH_BYTES)
let view = new DataView(scratch.buffer, scratch.byteOffset, scratch.byteLength)
let length = 0

function reserve(bytes: number): void {
  if (length + bytes <= scratch.length) return
  const grown = Buffer.allocUnsafe(Math.max(scratch.length * 2, length + bytes))
  scratch.copy(grown, 0, 0, length)
  scratch = grown
  view = new DataView(scratch.buffer, scratch.byteOffset, scratch.byteLength)
}

/** Starts a key; fields and encoded parts are appended, then `finishKey` returns it. Not re-entrant. */
export function beginKey(): void {
  length = 0
}

export function finishKey(): string {
  const key = scratch.toString('latin1', 0, length)
  if (scratch.length > SCRATCH_KEPT_BYTES) {
    scratch = Buffer.allocUnsafe(SCRATCH_BYTES)
    view = new DataView(scratch.buffer, scratch.byteOffset, scratch.byteLength)
  }
  return key
}

/** Positive doubles get the sign bit set, negative ones every bit flipped: unsigned order is then numeric order. */
function appendDouble(typeByte: number, value: number, flip: number): void {
  reserve(9)
  scratch[length] = typeByte ^ flip
  if (value !== value) {
    scratch.fill(flip, length + 1, length + 9)
  }
  else {
    view.setFloat64(length + 1, value === 0 ? 0 : value)
    const negative = (scratch[length + 1]! & 0x80) !== 0
    const mask = negative ? COMPLEMENT ^ flip : flip
    for (let i = 1; i <= 8; i++) scratch[length + i]! ^= mask
    if (!negative) scratch[length + 1]! ^= 0x80
  }
  length += 9
}

function appendString(value: string, flip: number): void {
  reserve(value.length * 3 + 3)
  scratch[length++] = TYPE_BYTE.string ^ flip
  for (let i = 0; i < value.length; i++) {
    const char = value.charCodeAt(i)
    if (char === 0) {
      scratch[length++] = flip
      scratch[length++] = 1 ^ flip
    }
    else if (char < WIDE_CHAR) {
      scratch[length++] = char ^ flip
    }
    else {
      scratch[length++] = WIDE_CHAR ^ flip
      scratch[length++] = (char >>> 8) ^ flip
      scratch[length++] = (char & 0xff) ^ flip
    }
  }
  scratch[length++] = flip
  scratch[length++] = flip
}

/** bson 7 keeps an ObjectId as four 24-bit integers (big-endian thirds of its 12 bytes). */
interface PackedObjectId { i0?: number, i1: number, i2: number, i3: number, id: Uint8Array }

function appendObjectId(value: PackedObjectId, flip: number): void {
  reserve(13)
  scratch[length++] = TYPE_BYTE.objectId ^ flip
  if (value.i0 === undefined) {
    const bytes = value.id
    for (let i = 0; i < 12; i++) scratch[length++] = bytes[i]! ^ flip
    return
  }
  for (const part of [value.i0, value.i1, value.i2, value.i3]) {
    scratch[length++] = (part >>> 16) ^ flip
    scratch[length++] = ((part >>> 8) & 0xff) ^ flip
    scratch[length++] = (part & 0xff) ^ flip
  }
}

function appendByte(byte: number): void {
  reserve(1)
  scratch[length++] = byte
}

/**
 * Appends a value's encoding in an ascending (1) or descending (-1) field; false, with the key left
 * unusable, when the value has none (the index must then compare values).
 */
export function appendIndexField(value: unknown, direction: 1 | -1): boolean {
  const flip = direction === 1 ? 0 : COMPLEMENT
  switch (typeof value) {
    case 'string':
      appendString(value, flip)
      return true
    case 'number':
      appendDouble(TYPE_BYTE.number, value, flip)
      return true
    case 'boolean':
      appendByte(TYPE_BYTE.boolean ^ flip)
      appendByte((value ? 1 : 0) ^ flip)
      return true
    case 'undefined':
      appendByte(TYPE_BYTE.null ^ flip)
      return true
    case 'object':
      break
    default:
      return false
  }
  if (value === null) {
    appendByte(TYPE_BYTE.null ^ flip)
    return true
  }
  if (value instanceof Date) {
    appendDouble(TYPE_BYTE.date, value.getTime(), flip)
    return true
  }
  switch ((value as { _bsontype?: unknown })._bsontype) {
    case 'ObjectId':
      appendObjectId(value as PackedObjectId, flip)
      return true
    case 'MinKey':
      appendByte(TYPE_BYTE.minKey ^ flip)
      return true
    case 'MaxKey':
      appendByte(TYPE_BYTE.maxKey ^ flip)
      return true
    default:
      return false
  }
}

/**
 * appendIndexField for a value still in BSON bytes (`type` ABSENT for a missing field), without decoding
 * it: the same encoding, with no string, Date or ObjectId made on the way. False for a type with no
 * encoding, or one this leaves to the decoder.
 */
export function appendBsonValue(bytes: Uint8Array, type: number, at: number, direction: 1 | -1): boolean {
  const flip = direction === 1 ? 0 : COMPLEMENT
  switch (type) {
    case BsonType.String:
      appendUtf8(bytes, at + 4, at + 3 + int32At(bytes, at), flip)
      return true
    case BsonType.Double:
      appendDouble(TYPE_BYTE.number, doubleAt(bytes, at), flip)
      return true
    case BsonType.Int32:
      appendDouble(TYPE_BYTE.number, int32At(bytes, at), flip)
      return true
    case BsonType.Date: {
      // As decoded: a Date beyond JavaScript's range is an invalid one, whose time is NaN.
      const millis = dateMillisAt(bytes, at)
      appendDouble(TYPE_BYTE.date, Math.abs(millis) <= MAX_DATE_MILLIS ? millis : Number.NaN, flip)
      return true
    }
    case BsonType.ObjectId:
      reserve(13)
      scratch[length++] = TYPE_BYTE.objectId ^ flip
      for (let i = 0; i < 12; i++) scratch[length++] = bytes[at + i]! ^ flip
      return true
    case BsonType.Boolean:
      appendByte(TYPE_BYTE.boolean ^ flip)
      appendByte(bytes[at]! ^ flip)
      return true
    case BsonType.Null:
    case ABSENT:
      appendByte(TYPE_BYTE.null ^ flip)
      return true
    default:
      return false
  }
}

/** A string's UTF-8 bytes [start, end): ASCII is its own UTF-16 code units, so it is copied; anything else is decoded first. */
function appendUtf8(bytes: Uint8Array, start: number, end: number, flip: number): void {
  const begin = length
  // Room for the worst case: every byte a 0, which takes two.
  reserve(2 * (end - start) + 3)
  scratch[length++] = TYPE_BYTE.string ^ flip
  for (let at = start; at < end; at++) {
    const byte = bytes[at]!
    if (byte === 0) {
      scratch[length++] = flip
      scratch[length++] = 1 ^ flip
    }
    else if (byte < 0x80) {
      scratch[length++] = byte ^ flip
    }
    else {
      length = begin
      appendString(decodeUtf8(bytes, start, end), flip)
      return
    }
  }
  scratch[length++] = flip
  scratch[length++] = flip
}

/** Appends an already-encoded part (a document's encoded _id) as it is. */
export function appendEncoded(encoded: string): void {
  reserve(encoded.length)
  for (let i = 0; i < encoded.length; i++) scratch[length++] = encoded.charCodeAt(i)
}

export function encodeIndexField(value: unknown, direction: 1 | -1): string | undefined {
  beginKey()
  return appendIndexField(value, direction) ? finishKey() : undefined
}

/** The ascending encoding of a value, or undefined when it has none. */
export function encodeIndexValue(value: unknown): string | undefined {
  return encodeIndexField(value, 1)
}

/**
 * A range bound, placed among encoded index values exactly where `compareValues` places it: type
 * edges on odd bytes, other numbers (Long, Decimal128) by the double they compare as, a symbol as its
 * string, and a value of a type no encoded key holds (an object, a regex…) anywhere in its own bracket.
 */
export function encodeBoundField(value: unknown, direction: 1 | -1): string {
  const encoded = encodeIndexField(value, direction)
  if (encoded !== undefined) return encoded
  const flip = direction === 1 ? 0 : COMPLEMENT
  const rank = typeRank(value)
  beginKey()
  if (value instanceof TypeEdge) appendByte((value.rank * 2 + value.edge) ^ flip)
  else if (rank === TypeRank.Number) appendDouble(TYPE_BYTE.number, toNumber(value), flip)
  else if (rank === TypeRank.String) appendString(String(value), flip)
  else appendByte((rank * 2 - 1) ^ flip)
  return finishKey()
}

/** Where the encoded field starting at `offset` ends, whichever its direction (complemented type bytes are high). */
export function encodedFieldEnd(key: string, offset: number): number {
  const first = key.charCodeAt(offset)
  const flip = first > 0x7f ? COMPLEMENT : 0
  const type = first ^ flip
  if (type !== TYPE_BYTE.string) return offset + 1 + BODY_LENGTH[type]!
  let at = offset + 1
  for (;;) {
    const char = key.charCodeAt(at) ^ flip
    if (char === 0) {
      if ((key.charCodeAt(at + 1) ^ flip) === 0) return at + 2
      at += 2
    }
    else {
      at += char === WIDE_CHAR ? 3 : 1
    }
  }
}

/** Compares key[start, end) with `other`, as the two strings would compare. */
export function compareRegion(key: string, start: number, end: number, other: string): number {
  const shared = Math.min(end - start, other.length)
  for (let i = 0; i < shared; i++) {
    const difference = key.charCodeAt(start + i) - other.charCodeAt(i)
    if (difference !== 0) return difference
  }
  return (end - start) - other.length
}

/** Whether `a` and `b` agree on their first `count` chars. */
export function sharePrefix(a: string, b: string, count: number): boolean {
  if (a.length < count || b.length < count) return false
  for (let i = 0; i < count; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) return false
  }
  return true
}

export function isBelowEncoded(a: string, b: string): boolean {
  return a < b
}

export function compareEncoded(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
