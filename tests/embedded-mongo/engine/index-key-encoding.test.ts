import { BSON, BSONRegExp, BSONSymbol, Binary, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson'
import type { Document } from 'bson'
import { describe, expect, it } from 'vitest'
import { TypeEdge, TypeRank, compareValues } from '../../../server/embedded-mongo/engine/bson-order.ts'
import {
  appendBsonValue, beginKey, compareEncoded, compareRegion, encodeBoundField, encodeIndexField, encodeIndexValue, encodedFieldEnd, finishKey,
} from '../../../server/embedded-mongo/engine/index-key-encoding.ts'
import { FieldNames } from '../../../server/embedded-mongo/engine/top-level-fields.ts'

/** Values with an encoding, across every encodable type bracket and the edge cases of each. */
const ENCODABLE: unknown[] = [
  new MinKey(), null, undefined,
  Number.NaN, -Infinity, -Number.MAX_VALUE, -1e300, -(2 ** 53), -1.5, -1, -Number.MIN_VALUE, -0, 0, Number.MIN_VALUE, 1e-300, 0.1, 1, 1.5, 2, 2 ** 31, 2 ** 53, 1e300, Number.MAX_VALUE, Infinity,
  '', '\u0000', '\u0000\u0000', '\u0000a', '\u0001', 'a', 'a\u0000', 'a\u0000\u0000', 'a\u0000b', 'a\u0001', 'aa', 'ab', 'b', 'cr_000001', 'cr_00001', 'é', '\u00fe', '\u00fe\u0000', '\u00ff', '\u00ff\u0000', '\u00ffa', '\u0100', '\u01ff', '\u0200', '\ud83c\udfa5', '\ud800', '\ue000', '\uffff', '\uffff\uffff',
  new ObjectId('000000000000000000000000'), new ObjectId('000000000000000000000001'), new ObjectId('00000000000000000000ff00'), new ObjectId('65a1b2c3d4e5f60718293a4b'), new ObjectId('ffffffffffffffffffffffff'),
  false, true,
  new Date(Number.NaN), new Date(-8.64e15), new Date(-1), new Date(0), new Date(1), new Date(Date.UTC(2025, 10, 1)), new Date(8.64e15),
  new MaxKey(),
]

/** Values without one: an index holding any of them compares values instead. */
const NOT_ENCODABLE: unknown[] = [
  {}, { a: 1 }, [], [1, 2], new Binary(Buffer.from([1])), Long.fromString('9223372036854775807'), Decimal128.fromString('1.5'),
  new Timestamp({ t: 1, i: 1 }), /a/, new BSONRegExp('a', 'i'), new BSONSymbol('s'), new Int32(1), new Double(1.5), 10n,
]

/** Bounds the planner may put in a range: everything above plus type edges. */
const BOUNDS: unknown[] = [
  ...ENCODABLE, ...NOT_ENCODABLE, Long.fromNumber(2), Long.fromString('9007199254740993'), Decimal128.fromString('-0'), Decimal128.fromString('NaN'), new Double(-0),
  ...Object.values(TypeRank).flatMap(rank => [new TypeEdge(rank, -1), new TypeEdge(rank, 1)]),
]

const sign = (n: number) => Math.sign(n) || 0

function name(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value instanceof Date) return `Date(${value.getTime()})`
  if (value instanceof TypeEdge) return `TypeEdge(${value.rank}, ${value.edge})`
  return Object.is(value, -0) ? '-0' : String(value)
}

describe('index key encoding', () => {
  it('encodes exactly the values it should', () => {
    for (const value of ENCODABLE) expect(encodeIndexValue(value), name(value)).toBeTypeOf('string')
    for (const value of NOT_ENCODABLE) expect(encodeIndexValue(value), name(value)).toBeUndefined()
  })

  it('orders and equates values as compareValues does, both directions, across type brackets', () => {
    for (const a of ENCODABLE) {
      for (const b of ENCODABLE) {
        const expected = sign(compareValues(a, b))
        const pair = `${name(a)} vs ${name(b)}`
        expect(sign(compareEncoded(encodeIndexField(a, 1)!, encodeIndexField(b, 1)!)), pair).toBe(expected)
        expect(sign(compareEncoded(encodeIndexField(a, -1)!, encodeIndexField(b, -1)!)), pair).toBe(sign(-expected))
      }
    }
  })

  it('compares concatenated fields field by field: equal prefixes, \\u0000 in strings, mixed directions', () => {
    const values = ['', '\u0000', 'a', 'a\u0000', 'ab', 1, -0, new Date(3), null, new ObjectId('000000000000000000000001')]
    const directions: Array<Array<1 | -1>> = [[1, 1], [1, -1], [-1, 1], [-1, -1]]
    for (const [first, second] of directions) {
      for (const a0 of values) for (const a1 of values) for (const b0 of values) for (const b1 of values) {
        const expected = sign(compareValues(a0, b0) * first! || compareValues(a1, b1) * second!)
        const a = encodeIndexField(a0, first!)! + encodeIndexField(a1, second!)!
        const b = encodeIndexField(b0, first!)! + encodeIndexField(b1, second!)!
        expect(sign(compareEncoded(a, b)), `[${name(a0)}, ${name(a1)}] vs [${name(b0)}, ${name(b1)}] (${first}, ${second})`).toBe(expected)
      }
    }
  })

  it('places every bound among encoded values where compareValues does', () => {
    for (const bound of BOUNDS) {
      for (const value of ENCODABLE) {
        const expected = sign(compareValues(bound, value))
        const pair = `${name(bound)} vs ${name(value)}`
        expect(sign(compareEncoded(encodeBoundField(bound, 1), encodeIndexField(value, 1)!)), pair).toBe(expected)
        expect(sign(compareEncoded(encodeBoundField(bound, -1), encodeIndexField(value, -1)!)), pair).toBe(sign(-expected))
      }
    }
  })

  it('writes one-byte strings (which V8 compares inline), whatever the value', () => {
    for (const value of ENCODABLE) {
      for (const direction of [1, -1] as const) {
        const encoded = encodeIndexField(value, direction)!
        expect([...encoded].every(char => char.charCodeAt(0) <= 0xff), name(value)).toBe(true)
      }
    }
  })

  it('finds where each field of a key ends, whatever its type and direction', () => {
    for (const direction of [1, -1] as const) {
      const fields = ENCODABLE.map(value => encodeIndexField(value, direction)!)
      const key = fields.join('')
      let offset = 0
      for (const field of fields) {
        const end = encodedFieldEnd(key, offset)
        expect(key.slice(offset, end)).toBe(field)
        expect(compareRegion(key, offset, end, field)).toBe(0)
        offset = end
      }
      expect(offset).toBe(key.length)
    }
  })

  it('encodes long strings in either direction', () => {
    const long = 'x'.repeat(100_000)
    expect(encodeIndexField(long, -1)!.length).toBe(long.length + 3)
    expect(sign(compareEncoded(encodeIndexField(long, -1)!, encodeIndexField(`${long}y`, -1)!))).toBe(1)
  })

  it('encodes a value still in BSON exactly as its decoded value, or leaves it to the decoder', () => {
    const field = new FieldNames(['v'])
    const fromBytes = (document: Document, direction: 1 | -1) => {
      const bytes = BSON.serialize(document)
      const located = field.locate(bytes)!
      beginKey()
      return appendBsonValue(bytes, located.types[0]!, located.offsets[0]!, direction) ? finishKey() : undefined
    }
    const nonAscii = ['é', 'aé', 'a\u0000é', '\ud83c\udfa5', '\u00ff', '\u0100x', 'ascii then ü']
    // Types an insert's keys are read from the bytes for; the others may go either way, never to a different key.
    const readFromBytes = (value: unknown) => value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value) || value instanceof Date || value instanceof ObjectId || value instanceof Int32 || value instanceof Double
    for (const value of [...ENCODABLE, ...NOT_ENCODABLE, ...nonAscii]) {
      for (const direction of [1, -1] as const) {
        const decoded = BSON.deserialize(BSON.serialize({ v: value })).v
        const expected = encodeIndexField(decoded, direction)
        const actual = fromBytes({ v: value }, direction)
        if (readFromBytes(value) && expected !== undefined) expect(actual, name(value)).toBe(expected)
        else if (actual !== undefined) expect(actual, name(value)).toBe(expected)
      }
    }
    // A missing field is indexed as null.
    expect(fromBytes({ other: 1 }, 1)).toBe(encodeIndexField(null, 1))
    // A stored time beyond a JavaScript Date's range decodes to an invalid Date, and is indexed as one.
    const farDate = BSON.serialize({ v: new Date(0) })
    new DataView(farDate.buffer, farDate.byteOffset).setBigInt64(farDate.length - 9, 2n ** 60n, true)
    expect(BSON.deserialize(farDate).v.getTime()).toBeNaN()
    const located = field.locate(farDate)!
    beginKey()
    expect(appendBsonValue(farDate, located.types[0]!, located.offsets[0]!, 1)).toBe(true)
    expect(finishKey()).toBe(encodeIndexField(new Date(Number.NaN), 1))
  })
})
