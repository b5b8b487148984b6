import { BSON, Binary, BSONRegExp, Code, Decimal128, Long, MaxKey, MinKey, ObjectId, Timestamp, type Document } from 'bson'
import { describe, expect, it } from 'vitest'
import { withIdFirstBytes } from '../../../server/embedded-mongo/wire/id-first-bytes.ts'

const id = new ObjectId()
const everyType: Document = {
  double: 1.5, string: 'é 🎥', document: { a: [1, { b: null }] }, array: [1, 'two'], binary: new Binary(Buffer.from([1, 2, 3]), 4),
  undefinedValue: undefined, objectId: new ObjectId(), bool: true, date: new Date(5), nullValue: null, regex: new BSONRegExp('a.c', 'i'),
  code: new Code('x()'), codeWithScope: new Code('y()', { y: 1 }), int: 7, timestamp: new Timestamp({ t: 1, i: 2 }), long: Long.fromString('9007199254740993'),
  decimal: Decimal128.fromString('1.25'), min: new MinKey(), max: new MaxKey(),
}

function bytesOf(document: Document): Uint8Array {
  return BSON.serialize(document, { ignoreUndefined: false })
}

describe('withIdFirstBytes', () => {
  it.each([
    ['last, after every BSON type', { ...everyType, _id: id }],
    ['in the middle', { a: 1, _id: 'string id', b: [2] }],
    ['an embedded document _id', { a: 1, _id: { x: 1, y: [2] } }],
  ])('moves _id %s to the front, the rest in order: what serialising the stored document gives', (_, received) => {
    const { _id, ...rest } = received as Document
    const stored = { _id, ...rest }
    const moved = withIdFirstBytes(bytesOf(received))
    expect(Buffer.compare(Buffer.from(moved), Buffer.from(bytesOf(stored)))).toBe(0)
    expect(Object.keys(BSON.deserialize(moved))).toEqual(Object.keys(stored))
  })

  it('keeps the stored document\'s field order with integer-like names (which JS objects list first)', () => {
    const moved = withIdFirstBytes(bytesOf({ b: 1, 2: 'two', _id: 3 }))
    const idElement = bytesOf({ _id: 3 }).subarray(4, -1)
    expect(Buffer.compare(Buffer.from(moved.subarray(4, 4 + idElement.length)), Buffer.from(idElement))).toBe(0)
    const stored = { _id: 3, b: 1, 2: 'two' }
    expect(BSON.deserialize(moved)).toEqual(stored)
    expect(Object.keys(BSON.deserialize(moved))).toEqual(Object.keys(stored))
  })

  it.each([
    ['_id already first', { _id: 1, a: 2 }],
    ['no _id', { a: 1, b: 'x' }],
    ['a field named like _id but longer', { _idx: 1, a: 2 }],
    ['an _id only inside a sub-document', { a: { _id: 1 } }],
  ])('returns the same bytes with %s', (_, document) => {
    const bytes = bytesOf(document)
    expect(withIdFirstBytes(bytes)).toBe(bytes)
  })

  it('leaves bytes it cannot walk, or with _id twice, as they are', () => {
    const twice = Buffer.from(bytesOf({ a: 1, _id: 2, _ie: 3 }))
    twice[twice.lastIndexOf('_ie')! + 2] = 0x64 // rename the last field to a second "_id"
    expect(withIdFirstBytes(twice)).toBe(twice)
    const truncated = bytesOf({ a: 'text', _id: 1 }).subarray(0, 12)
    expect(withIdFirstBytes(truncated)).toBe(truncated)
    const badSize = Buffer.from(bytesOf({ a: 'text', _id: 1 }))
    badSize.writeInt32LE(1000, 7) // the string's length runs past the end
    expect(withIdFirstBytes(badSize)).toBe(badSize)
    const unknownType = Buffer.from(bytesOf({ a: 1, _id: 1 }))
    unknownType[4] = 0x42
    expect(withIdFirstBytes(unknownType)).toBe(unknownType)
  })
})
