import { BSON, Binary, Decimal128, Long, MaxKey, MinKey, ObjectId, type Document } from 'bson'
import { Query } from 'mingo'
import { describe, expect, it } from 'vitest'
import { Collection } from '../../../server/embedded-mongo/engine/collection.ts'
import { findStored } from '../../../server/embedded-mongo/engine/find-executor.ts'
import { normaliseIndexSpec } from '../../../server/embedded-mongo/engine/index-key-spec.ts'
import { fieldsQueried } from '../../../server/embedded-mongo/engine/query-view.ts'
import { UNBOUNDED } from '../../../server/embedded-mongo/engine/secondary-index.ts'
import { sortDocuments } from '../../../server/embedded-mongo/engine/sort-order.ts'
import { FieldNames, readTopLevelFields } from '../../../server/embedded-mongo/engine/top-level-fields.ts'
import { seededRandom } from '../../unit/sync/seeded-random.ts'

/** Values of every type an index may meet, scalars the byte reader handles and values it leaves to the decoder. */
const POOL: unknown[] = [
  null, undefined, Number.NaN, -Infinity, -2.5, -0, 0, 1, 2 ** 31, -(2 ** 31), 1.5, 'a', '', 'é 🎥', 'a\u0000b', '\uFEFFbom',
  new ObjectId('000000000000000000000001'), new ObjectId(), true, false, new Date(-5), new Date(0), new Date(8.64e15),
  Long.fromString('9007199254740993'), Long.fromNumber(3), Decimal128.fromString('1.25'), new Binary(Buffer.from([1, 2])),
  new MinKey(), new MaxKey(), { x: 1 }, [1, 'two'], [],
]

/** Values an insert encodes into index keys straight from the bytes: an index meeting any other leaves that path for good. */
const ENCODED_FROM_BYTES = POOL.filter(value => value === null || value === undefined || ['number', 'string', 'boolean'].includes(typeof value) || value instanceof ObjectId || value instanceof Date)

function randomDocuments(count: number, seed: number, pool = POOL): Document[] {
  const next = seededRandom(seed)
  const pick = () => pool[Math.floor(next() * pool.length)]
  return Array.from({ length: count }, (_, i) => {
    const document: Document = { a: pick(), b: pick(), c: { d: pick() }, text: 'x'.repeat(i % 5) }
    if (next() < 0.2) delete document.a
    // Where the driver puts a generated _id: last. Some duplicate ids, some of other types.
    document._id = next() < 0.1 ? Math.floor(next() * count) : next() < 0.5 ? new ObjectId() : `id${i}`
    return document
  })
}

function outcome(run: () => unknown): unknown {
  try {
    run()
    return 'stored'
  }
  catch (error) {
    return { message: (error as Error).message, extra: (error as { extra?: unknown }).extra }
  }
}

function scanIds(collection: Collection): unknown[] {
  return collection.indexes.flatMap(index => [...index.scan(index.fields.map(() => UNBOUNDED), false, { keysExamined: 0 })].map(stored => stored.document._id))
}

describe('documents stored as the BSON they arrived as', () => {
  it('reads top-level fields from the bytes exactly as decoding gives them, or leaves them to the decoder', () => {
    const fields = new FieldNames(['_id', 'a', 'b', 'missing'])
    for (const document of randomDocuments(500, 1)) {
      const bytes = BSON.serialize(document, { ignoreUndefined: false })
      const decoded = BSON.deserialize(bytes)
      const read = readTopLevelFields(bytes, fields)
      if (read === undefined) continue
      expect(read).toEqual(Object.fromEntries(['_id', 'a', 'b'].filter(name => name in decoded).map(name => [name, decoded[name]])))
      if (Object.is(decoded.a, -0)) expect(Object.is(read.a, -0)).toBe(true)
    }
  })

  it.each([
    ['single and compound, one unique', [{ key: { a: 1 }, unique: true }, { key: { b: -1, a: 1 } }]],
    ['on a nested path and sparse', [{ key: { 'c.d': 1 } }, { key: { b: 1 }, sparse: true, unique: true }]],
    ['with a partial filter', [{ key: { a: 1 }, unique: true, partialFilterExpression: { b: { $type: 'string' } } }]],
    ['descending, with _id, compound, unique and sparse, on values whose keys come from the bytes', [{ key: { a: -1, _id: 1 } }, { key: { b: 1, a: -1 }, unique: true, sparse: true }, { key: { text: -1 } }], ENCODED_FROM_BYTES],
  ])('indexes %s: inserting the bytes ends as inserting the decoded document does', (_, specs, pool?: unknown[]) => {
    const fromBytes = new Collection('app', 'x')
    const fromObjects = new Collection('app', 'x')
    for (const spec of specs) {
      fromBytes.createIndex(normaliseIndexSpec(spec))
      fromObjects.createIndex(normaliseIndexSpec(spec))
    }
    for (const document of randomDocuments(400, 2, pool)) {
      const bytes = BSON.serialize(document, { ignoreUndefined: false })
      expect(outcome(() => fromBytes.insertEncoded(bytes))).toEqual(outcome(() => fromObjects.insert(BSON.deserialize(bytes))))
    }
    expect(fromBytes.count).toBe(fromObjects.count)
    expect(scanIds(fromBytes)).toEqual(scanIds(fromObjects))
    const stored = [...fromBytes.all()]
    expect(stored).toEqual([...fromObjects.all()])
    // _id first, as mongod stores it, and the stored form is frozen: no reader can change it.
    for (const document of stored) expect(Object.keys(document)[0]).toBe('_id')
    expect(Object.isFrozen(stored[0])).toBe(true)
  })

  it('keeps what was stored when a decoded copy is read, updated or deleted', () => {
    const collection = new Collection('app', 'x')
    collection.createIndex(normaliseIndexSpec({ key: { a: 1 } }))
    const stored = collection.insertEncoded(BSON.serialize({ a: 1, _id: 7 }))
    expect(stored.isDecoded).toBe(false)
    expect(collection.findById(7)).toEqual({ _id: 7, a: 1 })
    expect(stored.isDecoded).toBe(true)
    collection.replace(collection.findById(7)!, { _id: 7, a: 2 })
    expect([...collection.indexes[0]!.scan([UNBOUNDED], false, { keysExamined: 0 })].map(entry => entry.document)).toEqual([{ _id: 7, a: 2 }])
    collection.removeById(7)
    expect(collection.count).toBe(0)
    expect(collection.indexes[0]!.size).toBe(0)
  })
})

describe('a find reads the fields it tests from the stored bytes', () => {
  const events = () => {
    const collection = new Collection('app', 'events')
    collection.createIndex(normaliseIndexSpec({ key: { creatorId: 1, publishedAt: -1 } }))
    for (let i = 0; i < 50; i++) collection.insertEncoded(BSON.serialize({ creatorId: `c${i % 5}`, publishedAt: new Date(i), title: `t${i}`, tags: [i], _id: i }))
    return collection
  }

  it.each([
    ['an index scan with a range', { creatorId: 'c1', publishedAt: { $lt: new Date(40) } }, [{ name: 'publishedAt', path: ['publishedAt'], direction: -1 as const }]],
    ['$or and $and over top-level fields, sorted by another', { $or: [{ creatorId: 'c2' }, { $and: [{ title: 't3' }] }] }, [{ name: 'title', path: ['title'], direction: 1 as const }]],
  ])('%s: finds what testing decoded documents finds, without decoding', (_, filter, sort) => {
    const collection = events()
    const request = { filter, sort, skip: 1, limit: 4 }
    const found = findStored(collection, request).found
    expect(found.some(stored => stored.isDecoded)).toBe(false)
    const expected = [...collection.all()].filter(document => new Query(filter).test(document))
    const ordered = sortDocuments(expected, sort).slice(1, 5)
    expect(found.map(stored => stored.document)).toEqual(ordered)
  })

  it.each([
    ['$expr', { $expr: { $gt: ['$publishedAt', new Date(10)] } }],
    ['a condition on an array field', { tags: { $elemMatch: { $gt: 3 } } }],
  ])('decodes when the filter may read any field or a field it cannot read from bytes: %s', (_, filter) => {
    const collection = events()
    const found = findStored(collection, { filter, sort: [], skip: 0, limit: 0 }).found
    expect(found.length).toBeGreaterThan(0)
    expect(found.every(stored => stored.isDecoded)).toBe(true)
  })

  it('names the top-level fields of a filter and sort, or none when an operator may read anything', () => {
    expect(fieldsQueried({ 'a.b': 1, '$or': [{ c: 1 }, { $nor: [{ d: 2 }] }], '$comment': 'x' }, [{ name: 'e.f', path: ['e', 'f'], direction: 1 }])?.names)
      .toEqual(['a', 'c', 'd', 'e'])
    expect(fieldsQueried({ a: 1, $expr: { $eq: ['$b', 1] } }, [])).toBeUndefined()
    expect(fieldsQueried({ $or: 'not an array' }, [])).toBeUndefined()
  })
})
