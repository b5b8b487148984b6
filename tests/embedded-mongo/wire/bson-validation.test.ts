import { BSON, Binary, BSONRegExp, BSONSymbol, Code, DBRef, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp, type Document } from 'bson'
import { describe, expect, it } from 'vitest'
import { int32At, nulAt, valueEnd } from '../../../server/embedded-mongo/wire/bson-element-walk.ts'
import { assertValidBson } from '../../../server/embedded-mongo/wire/bson-validation.ts'
import { seededRandom } from '../../unit/sync/seeded-random.ts'

function throws(check: () => unknown): boolean {
  try {
    check()
    return false
  }
  catch {
    return true
  }
}

function cString(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.of(0)])
}

function int32(value: number): Buffer {
  const bytes = Buffer.alloc(4)
  bytes.writeInt32LE(value)
  return bytes
}

/** BSON put together by hand, for what BSON.serialize does not write (undefined, DBPointer, malformed values). */
function documentBytes(...elements: Uint8Array[]): Buffer {
  const body = Buffer.concat(elements)
  return Buffer.concat([int32(body.length + 5), body, Buffer.of(0)])
}

function element(type: number, name: string | Uint8Array, value: Uint8Array = Buffer.alloc(0)): Buffer {
  return Buffer.concat([Buffer.of(type), typeof name === 'string' ? cString(name) : name, value])
}

function stringValue(content: Uint8Array): Buffer {
  return Buffer.concat([int32(content.length + 1), content, Buffer.of(0)])
}

function expectAccepted(bytes: Uint8Array): void {
  expect(() => BSON.deserialize(bytes)).not.toThrow()
  expect(() => assertValidBson(bytes)).not.toThrow()
}

function expectRejected(bytes: Uint8Array): void {
  expect(() => BSON.deserialize(bytes)).toThrow()
  expect(() => assertValidBson(bytes)).toThrow()
}

const commonTypes: Document = {
  double: 1.5, negativeZero: -0, nan: Number.NaN, string: 'plain', document: { a: [1, { b: null }], c: {} }, array: [1, 'two', [3, [4]], {}],
  objectId: new ObjectId(), yes: true, no: false, date: new Date(5), nullValue: null, int: 7, timestamp: new Timestamp({ t: 1, i: 2 }),
  long: Long.fromString('9007199254740993'), smallLong: Long.fromNumber(3), decimal: Decimal128.fromString('1.25'), min: new MinKey(), max: new MaxKey(),
}

describe('assertValidBson accepts what BSON.deserialize decodes', () => {
  it.each<[string, Uint8Array]>([
    ['every common type', BSON.serialize(commonTypes)],
    ['an empty document', BSON.serialize({})],
    ['unicode strings and names', BSON.serialize({ 'é 🎥': 'é 🎥', 'cjk': '漢字かな', 'replacement': '\uFFFD', 'long': 'ü'.repeat(300), 'mixed': `${'a'.repeat(40)}€` })],
    ['strings with a NUL inside and empty ones', BSON.serialize({ a: 'x\0y', b: '' })],
    ['wrapper types serialised as their BSON types', BSON.serialize({ d: new Double(2), i: new Int32(3) })],
    ['deeply nested documents and arrays', BSON.serialize({ a: { b: { c: [[[{ d: [{}] }]]] } } })],
    ['DBRef-shaped documents', BSON.serialize({ ref: new DBRef('coll', new ObjectId(), 'db', { x: 1 }), like: { $ref: 'c', $id: 1 }, notQuite: { $ref: 1, $id: 2 } })],
    ['undefined (0x06), which BSON.serialize writes as null', documentBytes(element(0x06, 'u'), element(0x0a, 'n'))],
    ['a name that is not UTF-8 (bson does not check names)', documentBytes(element(0x10, Buffer.of(0xff, 0xfe, 0), int32(1)))],
    ['array elements with any names (bson numbers them itself)', documentBytes(element(0x04, 'a', documentBytes(element(0x10, 'x', int32(1)), element(0x10, '', int32(2)))))],
  ])('%s', (_, bytes) => expectAccepted(bytes))

  it('walks nesting deeper than a recursive walk could', () => {
    // Each level an array holding the next as element "0": size, 0x04 "0" NUL, ..., terminator.
    const depth = 100_000
    const nested = Buffer.alloc(5 + 8 * depth)
    for (let level = 0; level <= depth; level++) {
      nested.writeInt32LE(nested.length - 8 * level, 7 * level)
      if (level < depth) nested.set([0x04, 0x30, 0], 7 * level + 4)
    }
    expectAccepted(nested)
  })

  it.each<[string, Uint8Array]>([
    ['binary', BSON.serialize({ a: 1, b: new Binary(Buffer.from([1, 2, 3]), 4), c: new Binary(Buffer.from([9]), 2) })],
    ['regex', BSON.serialize({ r: new BSONRegExp('a.c', 'imsx') })],
    ['code and code with scope', BSON.serialize({ c: new Code('x()'), s: new Code('y()', { y: [1] }) })],
    ['symbol', BSON.serialize({ s: new BSONSymbol('sym') })],
    ['DBPointer', documentBytes(element(0x0c, 'p', Buffer.concat([stringValue(Buffer.from('db.coll')), Buffer.alloc(12, 7)])))],
  ])('accepts the rare type %s, by decoding', (_, bytes) => expectAccepted(bytes))
})

describe('assertValidBson rejects what BSON.deserialize rejects', () => {
  const valid = Buffer.from(BSON.serialize({ a: 'text', n: { b: 1, c: [true] } }))
  const patched = (patch: (bytes: Buffer) => void): Buffer => {
    const bytes = Buffer.from(valid)
    patch(bytes)
    return bytes
  }
  const nameLength = (name: string) => name.length + 1
  const nestedSizeAt = valid.indexOf('n\0') + 2
  const utf8 = (content: number[]) => documentBytes(element(0x02, 's', stringValue(Buffer.of(...content))))

  it.each<[string, Uint8Array]>([
    ['fewer than 5 bytes', Buffer.of(4, 0, 0, 0)],
    ['a size under 5', Buffer.of(4, 0, 0, 0, 0)],
    ['a size above the length', patched(bytes => bytes.writeInt32LE(bytes.length + 1))],
    ['a size below the length', patched(bytes => bytes.writeInt32LE(bytes.length - 1))],
    ['a negative size', patched(bytes => bytes.writeInt32LE(-1))],
    ['a last byte that is not 0', patched(bytes => bytes[bytes.length - 1] = 1)],
    ['truncated, with the size adjusted', (() => {
      const bytes = Buffer.from(valid.subarray(0, 14))
      bytes.writeInt32LE(14)
      bytes[13] = 0
      return bytes
    })()],
    ['trailing garbage, with the size adjusted', (() => {
      const bytes = Buffer.concat([valid, Buffer.of(0x10, 0x61, 0, 0)])
      bytes.writeInt32LE(bytes.length)
      return bytes
    })()],
    ['an unterminated name', documentBytes(Buffer.of(0x0a, 0x61, 0x62))],
    ['a name running into the terminator of a nested document', documentBytes(element(0x03, 'd', Buffer.of(6, 0, 0, 0, 0x0a, 0)))],
    ['a string length of 0', patched(bytes => bytes.writeInt32LE(0, 4 + 1 + nameLength('a')))],
    ['a string length past the end', patched(bytes => bytes.writeInt32LE(1000, 4 + 1 + nameLength('a')))],
    ['a string length one short', patched(bytes => bytes.writeInt32LE(4, 4 + 1 + nameLength('a')))],
    ['a string not NUL-terminated', documentBytes(element(0x02, 's', Buffer.concat([int32(2), Buffer.from('ab')])))],
    ['a lone continuation byte', utf8([0x61, 0x80])],
    ['an overlong encoding', utf8([0xc0, 0x80])],
    ['a surrogate', utf8([0xed, 0xa0, 0x80])],
    ['a code point above U+10FFFF', utf8([0xf4, 0x90, 0x80, 0x80])],
    ['a truncated sequence', utf8([0xe2, 0x82])],
    ['invalid UTF-8 past a long ASCII start', utf8([...Buffer.from('a'.repeat(50)), 0xff])],
    ['a boolean 2', documentBytes(element(0x08, 'b', Buffer.of(2)))],
    ['a boolean without its byte', documentBytes(element(0x08, 'b'))],
    ['an int32 running into the terminator', documentBytes(element(0x10, 'i', Buffer.of(1, 2, 3)))],
    ['a nested document shorter than its content', patched(bytes => bytes.writeInt32LE(bytes.readInt32LE(nestedSizeAt) - 1, nestedSizeAt))],
    ['a nested document longer than its content', patched(bytes => bytes.writeInt32LE(bytes.readInt32LE(nestedSizeAt) + 1, nestedSizeAt))],
    ['a nested document size under 5', documentBytes(element(0x03, 'd', Buffer.of(4, 0, 0, 0)))],
    ['an array ended early', documentBytes(element(0x04, 'a', Buffer.of(12, 0, 0, 0, 0, 0x10, 0x30, 0, 1, 0, 0, 0)))],
    ['an unknown type byte', patched(bytes => bytes[4] = 0x42)],
    ['type 0x14, just past the known ones', patched(bytes => bytes[4] = 0x14)],
    ['an early terminator', patched(bytes => bytes[4] = 0)],
  ])('%s', (_, bytes) => expectRejected(bytes))

  it.each<[string, Uint8Array]>([
    ['a binary size past the end', documentBytes(element(0x05, 'b', Buffer.of(100, 0, 0, 0, 0, 1)))],
    ['a regex that does not compile (a SyntaxError, not a BSONError)', BSON.serialize({ r: new BSONRegExp('(', '') })],
    ['code with scope whose sizes disagree', patched(bytes => bytes[4] = 0x0f)],
    ['a rare type after a valid one, with an invalid string in it', documentBytes(element(0x10, 'i', int32(1)), element(0x0e, 's', stringValue(Buffer.of(0xff))))],
  ])('rejects the rare type case %s, by decoding', (_, bytes) => expectRejected(bytes))
})

/** Where a valid document's size fields are (strings, documents, binaries...), which the fuzz aims at, and which types it has. */
function shapeOf(bytes: Uint8Array, start = 0, shape = { sizeFields: [] as number[], types: new Set<number>() }) {
  shape.sizeFields.push(start)
  const limit = start + int32At(bytes, start) - 1
  let at = start + 4
  while (at < limit) {
    const type = bytes[at]!
    const valueStart = nulAt(bytes, at + 1, limit) + 1
    shape.types.add(type)
    if (type === 0x03 || type === 0x04) shapeOf(bytes, valueStart, shape)
    else if (type === 0x0f) {
      shape.sizeFields.push(valueStart, valueStart + 4)
      shapeOf(bytes, valueStart + 8 + int32At(bytes, valueStart + 4), shape)
    }
    else if ([0x02, 0x05, 0x0c, 0x0d, 0x0e].includes(type)) shape.sizeFields.push(valueStart)
    at = valueEnd(bytes, type, valueStart, limit)
  }
  return shape
}

function randomDocument(random: () => number, depth: number): Document {
  const document: Document = {}
  const count = Math.floor(random() * 6)
  for (let i = 0; i < count; i++) document[randomName(random, i)] = randomValue(random, depth)
  return document
}

function randomName(random: () => number, i: number): string {
  return ['a', 'é', '$ref', '$id', '_id', '', '名前'][Math.floor(random() * 7)]! + i
}

const strings = ['', 'x', 'plain ascii text', 'é', '🎥 emoji', '漢字', '\uFFFD', 'ü'.repeat(30), 'a\0b']

function randomValue(random: () => number, depth: number): unknown {
  const kinds = depth >= 3 ? 21 : 23
  const bytesOf = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)))
  switch (Math.floor(random() * kinds)) {
    case 0: return random() * 1e6
    case 1: case 2: return strings[Math.floor(random() * strings.length)]
    case 3: return new ObjectId(bytesOf(12))
    case 4: return random() < 0.5
    case 5: return new Date(Math.floor(random() * 2e12))
    case 6: return null
    case 7: return Math.floor(random() * 2 ** 31)
    case 8: return new Timestamp({ t: Math.floor(random() * 2 ** 32), i: Math.floor(random() * 2 ** 32) })
    case 9: return Long.fromBits(Math.floor(random() * 2 ** 32), Math.floor(random() * 2 ** 32))
    case 10: return new Decimal128(bytesOf(16))
    case 11: return random() < 0.5 ? new MinKey() : new MaxKey()
    case 12: return { $ref: 'coll', $id: Math.floor(random() * 10) }
    case 13: return new Double(random())
    case 14: case 15: case 16: return random() < 0.8 ? Math.floor(random() * 100) : 'abc'
    // The rare types, which the validation leaves to decoding.
    case 17: return new Binary(bytesOf(Math.floor(random() * 20)), [0, 2, 4, 0x80][Math.floor(random() * 4)])
    case 18: return new BSONRegExp(['a.c', '(x)', '[a-z]+'][Math.floor(random() * 3)]!, 'i')
    case 19: return random() < 0.5 ? new Code('f()') : new Code('g()', { y: 1 })
    case 20: return new BSONSymbol('sym')
    // Nested, while not too deep.
    case 21: return randomDocument(random, depth + 1)
    default: return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1))
  }
}

/** A valid document broken in one to three ways: bytes changed, size fields nudged, cut, spliced. */
function mutated(valid: Uint8Array, sizeFields: number[], random: () => number): Buffer {
  let bytes = Buffer.from(valid)
  const at = () => Math.floor(random() * bytes.length)
  const interestingBytes = [0, 1, 2, 0x7f, 0x80, 0xbf, 0xc0, 0xed, 0xf4, 0xff, 0x02, 0x03, 0x04, 0x05, 0x08, 0x0f, 0x10, 0x13, 0x14]
  for (let round = 1 + Math.floor(random() * 3); round > 0; round--) {
    const kind = Math.floor(random() * 7)
    if (kind === 0) bytes[at()] = Math.floor(random() * 256)
    else if (kind === 1) bytes[at()] = interestingBytes[Math.floor(random() * interestingBytes.length)]!
    else if (kind === 2 || kind === 3) {
      const offset = kind === 2 ? sizeFields[Math.floor(random() * sizeFields.length)]! : at()
      if (offset + 4 <= bytes.length) bytes.writeInt32LE((bytes.readInt32LE(offset) + Math.floor(random() * 9) - 4) | 0, offset)
    }
    else if (kind === 4) bytes = bytes.subarray(0, at())
    else if (kind === 5) {
      const start = at()
      bytes = Buffer.concat([bytes.subarray(0, start), bytes.subarray(start + 1 + Math.floor(random() * 4))])
    }
    else {
      const start = at()
      bytes = Buffer.concat([bytes.subarray(0, start), Buffer.from(Array.from({ length: 1 + Math.floor(random() * 4) }, () => Math.floor(random() * 256))), bytes.subarray(start)])
    }
  }
  // Mostly with the top-level size made to match again, or the top-level checks would catch nearly everything.
  if (bytes.length >= 4 && random() < 0.8) bytes.writeInt32LE(bytes.length)
  return bytes
}

describe('assertValidBson on seeded random documents, valid and broken', () => {
  it('throws exactly when BSON.deserialize throws', () => {
    const random = seededRandom(20_240_601)
    const counts = { cases: 0, accepted: 0, rejected: 0, withRareTypes: 0 }
    for (let documentNumber = 0; documentNumber < 600; documentNumber++) {
      const valid = BSON.serialize(randomDocument(random, 0))
      const { sizeFields, types } = shapeOf(valid)
      const hasRareType = [0x05, 0x0b, 0x0d, 0x0e, 0x0f].some(type => types.has(type))
      for (let variant = 0; variant < 25; variant++) {
        const bytes = variant === 0 ? valid : mutated(valid, sizeFields, random)
        const decodingThrows = throws(() => BSON.deserialize(bytes))
        if (decodingThrows !== throws(() => assertValidBson(bytes))) {
          expect.fail(`disagrees with BSON.deserialize (which ${decodingThrows ? 'throws' : 'decodes'}) on ${Buffer.from(bytes).toString('hex')}`)
        }
        counts.cases++
        counts[decodingThrows ? 'rejected' : 'accepted']++
        if (hasRareType) counts.withRareTypes++
      }
    }
    expect(counts.cases).toBe(15_000)
    expect(counts.accepted).toBeGreaterThan(1500)
    expect(counts.rejected).toBeGreaterThan(5000)
    expect(counts.withRareTypes).toBeGreaterThan(3000)
  })
})
