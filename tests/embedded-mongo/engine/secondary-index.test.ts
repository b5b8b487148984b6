import { BSON, MaxKey, MinKey, ObjectId, type Document } from 'bson'
import { describe, expect, it } from 'vitest'
import { MAX_VALUE, MIN_VALUE, TypeEdge, TypeRank } from '../../../server/embedded-mongo/engine/bson-order.ts'
import { Collection } from '../../../server/embedded-mongo/engine/collection.ts'
import { hashChars } from '../../../server/embedded-mongo/engine/hashed-entries.ts'
import { idKey } from '../../../server/embedded-mongo/engine/id-key.ts'
import { appendIndexField, beginKey, finishKey } from '../../../server/embedded-mongo/engine/index-key-encoding.ts'
import { normaliseIndexSpec } from '../../../server/embedded-mongo/engine/index-key-spec.ts'
import { MAX_PENDING_ENTRIES, SecondaryIndex, UNBOUNDED, pointInterval, type FieldInterval } from '../../../server/embedded-mongo/engine/secondary-index.ts'
import { StoredDocument } from '../../../server/embedded-mongo/engine/stored-document.ts'

/** Field values across encodable types, with equal values of different shapes (-0/0, two NaNs, equal dates). */
const POOL: unknown[] = [
  null, undefined, Number.NaN, -Infinity, -2.5, -0, 0, 1, 1.5, 3, Infinity, '', '\u0000', 'a', 'a\u0000', 'a\u0000b', 'ab', 'b',
  new ObjectId('000000000000000000000001'), new ObjectId('65a1b2c3d4e5f60718293a4b'), false, true,
  new Date(-5), new Date(0), new Date(0), new Date(7), new MinKey(), new MaxKey(),
]

/** A document as the collection stores it, for adding to an index directly. */
function stored(document: Document): StoredDocument {
  return new StoredDocument(idKey(document._id), BSON.serialize(document, { ignoreUndefined: false }), document)
}

/** A deterministic pseudo-random sequence, so that a failure reproduces. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state / 2 ** 31
  }
}

function documents(count: number, seed: number): Document[] {
  const next = random(seed)
  const pick = () => POOL[Math.floor(next() * POOL.length)]
  return Array.from({ length: count }, (_, i) => {
    const document: Document = { _id: i % 7 === 0 ? `id${i}` : i % 5 === 0 ? new ObjectId() : i, a: pick(), b: pick() }
    if (next() < 0.1) delete document.b
    if (next() < 0.1) document.a = [pick(), pick()]
    return document
  })
}

/** Two indexes over the same documents: one with encoded keys, one pushed into comparing values (the reference). */
function indexPair(key: Document, docs: Document[], options: Document = {}): [SecondaryIndex, SecondaryIndex] {
  const spec = normaliseIndexSpec({ key, ...options })
  const encoded = new SecondaryIndex(spec)
  const values = new SecondaryIndex(spec)
  const unencodable = { _id: 'unencodable', a: { nested: 1 }, b: { nested: 2 } }
  values.add(stored(unencodable), values.keysFor(unencodable))
  values.remove(values.keysFor(unencodable))
  for (const document of docs) {
    encoded.add(stored(document), encoded.keysFor(document))
    values.add(stored(document), values.keysFor(document))
  }
  const probe = { _id: 'probe', a: 1, b: 2 }
  expect(typeof encoded.keysFor(probe)[0]).toBe('string')
  expect(Array.isArray(values.keysFor(probe)[0])).toBe(true)
  return [encoded, values]
}

function scanned(index: SecondaryIndex, intervals: FieldInterval[], reverse: boolean): { ids: unknown[], keysExamined: number } {
  const counters = { keysExamined: 0 }
  const ids = [...index.scan(intervals, reverse, counters)].map(entry => entry.document._id)
  return { ids, keysExamined: counters.keysExamined }
}

const RANGES: FieldInterval[] = [
  UNBOUNDED,
  pointInterval(0), pointInterval('a'), pointInterval(null), pointInterval(new Date(0)), pointInterval(Number.NaN), pointInterval({ x: 1 }),
  { low: 0, lowInclusive: false, high: 3, highInclusive: false },
  { low: -0, lowInclusive: true, high: 3, highInclusive: true },
  { low: 'a', lowInclusive: false, high: new TypeEdge(TypeRank.String, 1), highInclusive: true },
  { low: new TypeEdge(TypeRank.Date, -1), lowInclusive: true, high: new Date(7), highInclusive: false },
  { low: new TypeEdge(TypeRank.Number, -1), lowInclusive: true, high: 1, highInclusive: true },
  { low: MIN_VALUE, lowInclusive: true, high: MAX_VALUE, highInclusive: true },
  { low: new MinKey(), lowInclusive: false, high: new MaxKey(), highInclusive: false },
  { low: { x: 1 }, lowInclusive: true, high: MAX_VALUE, highInclusive: true },
]

describe('secondary index with encoded keys', () => {
  it.each([
    [{ a: 1 }, {}], [{ a: -1 }, {}], [{ a: 1, b: 1 }, {}], [{ a: 1, b: -1 }, {}], [{ a: -1, b: -1 }, {}], [{ b: -1, a: 1 }, {}],
    [{ b: 1 }, { sparse: true }], [{ a: 1, b: -1 }, { partialFilterExpression: { b: { $exists: true } } }],
  ])('scans %j %j exactly as comparing values does: same documents, order and keys examined', (key, options) => {
    const docs = documents(300, 7)
    const [encoded, values] = indexPair(key, docs, options)
    expect(encoded.multikey).toBe(values.multikey)
    for (const first of RANGES) {
      for (const second of [UNBOUNDED, RANGES[1]!, RANGES[7]!, RANGES[10]!]) {
        for (const reverse of [false, true]) {
          const intervals = Object.keys(key).length === 1 ? [first] : [first, second]
          expect(scanned(encoded, intervals, reverse)).toEqual(scanned(values, intervals, reverse))
        }
      }
    }
  })

  it('holds back a non-unique index\'s new entries until a read, a removal or MAX_PENDING_ENTRIES of them, the latest version of a document winning', () => {
    const [encoded, values] = indexPair({ a: 1, b: -1 }, [])
    const next = random(5)
    const live = new Map<unknown, Document>()
    const both = (change: (index: SecondaryIndex) => void) => [encoded, values].forEach(change)
    const versions = (index: SecondaryIndex, intervals: FieldInterval[]) => [...index.scan(intervals, false, { keysExamined: 0 })].map(entry => entry.document)
    const agree = () => {
      for (const intervals of [[UNBOUNDED, UNBOUNDED], [RANGES[7]!, UNBOUNDED], [pointInterval('a'), RANGES[10]!]]) {
        expect(versions(encoded, intervals)).toEqual(versions(values, intervals))
      }
      expect(encoded.size).toBe(values.size)
    }
    // Mixed changes and reads, then enough additions alone to reach the limit, then mixed again.
    const pureFrom = 2000
    const pureTo = pureFrom + MAX_PENDING_ENTRIES + 100
    for (let i = 0; i < pureTo + 1000; i++) {
      const document: Document = { _id: i, a: POOL[Math.floor(next() * POOL.length)], b: Math.floor(next() * 50), version: 0 }
      both(index => index.add(stored(document), index.keysFor(document)))
      live.set(document._id, document)
      if (i >= pureFrom && i < pureTo) continue
      const roll = next()
      const ids = [...live.keys()]
      const target = live.get(ids[Math.floor(next() * ids.length)])!
      if (roll < 0.02) {
        both(index => index.remove(index.keysFor(target)))
        live.delete(target._id)
      }
      else if (roll < 0.04) {
        // Three new versions in a row; each keeps its keys (only the stored version changes) half the time.
        let current = target
        for (let version = 1; version <= 3; version++) {
          const changed = { ...current, b: next() < 0.5 ? current.b : current.b + 1, version: current.version + 1 }
          both(index => index.replace(index.keysFor(current), index.keysFor(changed), stored(changed)))
          current = changed
        }
        live.set(current._id, current)
      }
      if (i % 500 === 0) agree()
    }
    expect(encoded.size).toBe(live.size)
    agree()
  })

  it('finds the same duplicates in a unique index, -0 and 0 or two NaNs being equal', () => {
    const docs = documents(200, 11).map((document): Document => ({ ...document, a: Array.isArray(document.a) ? 1 : document.a }))
    const [encoded, values] = indexPair({ a: 1, b: -1 }, [], { unique: true })
    for (const document of docs) {
      const encodedDuplicate = encoded.findDuplicate(encoded.keysFor(document), idKey(document._id))
      const valueDuplicate = values.findDuplicate(values.keysFor(document), idKey(document._id))
      expect(encodedDuplicate?.existing.document._id).toEqual(valueDuplicate?.existing.document._id)
      if (!encodedDuplicate) {
        encoded.add(stored(document), encoded.keysFor(document))
        values.add(stored(document), values.keysFor(document))
      }
    }
    expect(encoded.size).toBe(values.size)
  })

  it('tells apart two values of the same hash in a unique index: both stored, each found, each duplicate refused', () => {
    // Found by search: the encodings of these two strings have the same 32-bit hash.
    const [first, second] = ['ev522789', 'ev739192']
    const valuesHash = (value: string) => {
      beginKey()
      appendIndexField(value, 1)
      const values = finishKey()
      return hashChars(values, 0, values.length)
    }
    expect(valuesHash(first)).toBe(valuesHash(second))
    const collection = new Collection('app', 'events')
    collection.createIndex(normaliseIndexSpec({ key: { eventId: 1 }, unique: true }))
    const index = collection.indexes[0]!
    const found = (value: string) => [...index.scan([pointInterval(value)], false, { keysExamined: 0 })].map(entry => entry.document._id)
    collection.insert({ _id: 1, eventId: first })
    collection.insert({ _id: 2, eventId: second })
    expect([found(first), found(second)]).toEqual([[1], [2]])
    expect(() => collection.insert({ _id: 3, eventId: second })).toThrow(/E11000 .* dup key: \{ eventId: "ev739192" \}/)
    collection.remove(collection.findById(1)!)
    expect([found(first), found(second)]).toEqual([[], [2]])
    collection.insert({ _id: 4, eventId: first })
    expect(() => collection.insert({ _id: 5, eventId: first })).toThrow(/dup key: \{ eventId: "ev522789" \}/)
    expect([found(first), found(second)]).toEqual([[4], [2]])
  })

  it('keeps a unique index on a dotted path through lookups, duplicates, replacements and removals', () => {
    const collection = new Collection('app', 'pages')
    collection.createIndex(normaliseIndexSpec({ key: { 'meta.slug': 1 }, unique: true }))
    const index = collection.indexes[0]!
    const found = (slug: string) => [...index.scan([pointInterval(slug)], false, { keysExamined: 0 })].map(entry => entry.document.v)
    // Inserted as BSON, as the server receives them: a document on the indexed path is decoded on insert, a string there is not.
    collection.insertEncoded(BSON.serialize({ _id: 1, meta: { slug: 'a' }, v: 1 }))
    collection.insertEncoded(BSON.serialize({ _id: 2, meta: 'not a document', v: 1 }))
    expect(() => collection.insertEncoded(BSON.serialize({ _id: 5, meta: { slug: 'a' } }))).toThrow(/E11000/)
    expect(found('a')).toEqual([1])
    collection.replace(collection.findById(1)!, { _id: 1, meta: { slug: 'a' }, v: 2 })
    expect(found('a')).toEqual([2])
    collection.replace(collection.findById(1)!, { _id: 1, meta: { slug: 'b' }, v: 3 })
    expect([found('a'), found('b')]).toEqual([[], [3]])
    expect(() => collection.insert({ _id: 3, meta: { slug: 'b' } })).toThrow(/E11000/)
    collection.remove(collection.findById(1)!)
    expect(found('b')).toEqual([])
    collection.insert({ _id: 4, meta: { slug: 'b' }, v: 4 })
    expect(found('b')).toEqual([4])
  })

  it('switches to comparing values when a value without an encoding arrives, keeping every entry', () => {
    const docs = documents(100, 3)
    const index = new SecondaryIndex(normaliseIndexSpec({ key: { a: 1 } }))
    for (const document of docs) index.add(stored(document), index.keysFor(document))
    const before = scanned(index, [UNBOUNDED], false)
    const object = { _id: 'object', a: { z: 1 } }
    const keys = index.keysFor(object)
    expect(Array.isArray(keys[0])).toBe(true)
    index.add(stored(object), keys)
    const after = scanned(index, [UNBOUNDED], false)
    // Objects sort after strings and before ObjectIds: the new document lands among the others.
    expect(after.ids.filter(id => id !== 'object')).toEqual(before.ids)
    expect(after.ids).toContain('object')
    const reference = new SecondaryIndex(normaliseIndexSpec({ key: { a: 1 } }))
    for (const document of [object, ...docs]) reference.add(stored(document), reference.keysFor(document))
    expect(after).toEqual(scanned(reference, [UNBOUNDED], false))
  })

  it('reports E11000 with the inserted document\'s own values (-0 stays -0)', () => {
    const collection = new Collection('app', 'items')
    collection.createIndex(normaliseIndexSpec({ key: { n: 1, s: -1 }, unique: true }))
    collection.insert({ _id: 1, n: 0, s: 'x' })
    const error = (() => {
      try {
        collection.insert({ _id: 2, n: -0, s: 'x' })
      }
      catch (thrown) {
        return thrown as { message: string, extra: Document }
      }
    })()
    expect(error?.message).toContain('index: n_1_s_-1 dup key: { n: 0, s: "x" }')
    expect(error?.extra.keyValue).toEqual({ n: -0, s: 'x' })
    expect(Object.is(error?.extra.keyValue.n, -0)).toBe(true)
  })
})
