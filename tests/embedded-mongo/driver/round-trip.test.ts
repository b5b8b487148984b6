import { Binary, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp, UUID, type Collection } from 'mongodb'
import { beforeAll, expect, it } from 'vitest'
import { describeOnTargets } from './targets.ts'
import type { TestDocument } from './targets.ts'

const AT = new Date('2024-02-29T12:34:56.789Z')
const OBJECT_ID = new ObjectId('65f0c0ffee0000000000abcd')

describeOnTargets('round-trips of BSON values', (connection) => {
  let values: Collection<TestDocument>
  beforeAll(() => {
    values = connection.newCollection('values')
  })

  it.each<{ name: string, value: unknown }>([
    { name: 'a Date', value: AT },
    { name: 'the epoch and a date before it', value: [new Date(0), new Date('1901-01-01T00:00:00Z')] },
    { name: 'an ObjectId', value: OBJECT_ID },
    { name: 'nested documents', value: { a: { b: { c: { d: 'deep' } } }, empty: {} } },
    { name: 'arrays, nested and empty', value: [1, 'two', [3, [4]], { five: 5 }, []] },
    { name: 'null', value: null },
    { name: 'booleans', value: [true, false] },
    { name: 'unicode strings', value: ['naïve café', '日本語', 'emoji 🎉👩‍👩‍👧', 'Ω≈ç√', 'nul\u0000inside', ''] },
    { name: 'integers and doubles', value: [0, -1, 2147483647, -2147483648, 1.5, -0.25, 1e300, 2 ** 53 - 1] },
    { name: 'Binary (generic subtype)', value: new Binary(Buffer.from([0, 1, 2, 254, 255])) },
    { name: 'Binary holding a UUID', value: new UUID('0e5f6a0c-3c7d-4a8b-9f10-1234567890ab').toBinary() },
    { name: 'Decimal128', value: Decimal128.fromString('1234567890.123456789012345678901234') },
    { name: 'a Long beyond 2^53 (stays a Long)', value: Long.fromString('9007199254740993') },
    { name: 'a RegExp', value: /^ab+c$/i },
    { name: 'a Timestamp', value: new Timestamp({ t: 1_700_000_000, i: 3 }) },
    { name: 'MinKey and MaxKey', value: [new MinKey(), new MaxKey()] },
  ])('$name comes back as it went in', async ({ value }) => {
    const { insertedId } = await values.insertOne({ value })
    expect(await values.findOne({ _id: insertedId })).toEqual({ _id: insertedId, value })
  })

  it('a document with every kind of value, found by each of them', async () => {
    const document = {
      _id: 'everything',
      when: AT,
      ref: OBJECT_ID,
      flag: true,
      nothing: null,
      text: 'größe 🎯',
      blob: new Binary(Buffer.from('bytes')),
      price: Decimal128.fromString('19.99'),
      nested: { list: [{ k: 1 }, { k: 2 }] },
    }
    const decoy = {
      _id: 'decoy',
      when: new Date(0),
      ref: new ObjectId(),
      flag: false,
      nothing: 'something',
      text: 'grosse',
      blob: new Binary(Buffer.from('other')),
      price: Decimal128.fromString('19.98'),
      nested: { list: [{ k: 3 }] },
    }
    const mixed = connection.newCollection('mixed')
    await mixed.insertMany([document, decoy])
    for (const [field, value] of Object.entries(document)) {
      expect(await mixed.find({ [field]: value }).toArray()).toEqual([document])
    }
    expect(await mixed.find({ when: { $gte: new Date(AT.getTime() - 1), $lt: new Date(AT.getTime() + 1) } }).toArray()).toEqual([document])
  })

  it('field names with dots come back as they went in', async () => {
    const { insertedId } = await values.insertOne({ 'a.b': 1, 'nested': { 'x.y': 'dotted' }, 'plain': 2 })
    expect(await values.findOne({ _id: insertedId })).toEqual({ '_id': insertedId, 'a.b': 1, 'nested': { 'x.y': 'dotted' }, 'plain': 2 })
  })

  it('key order is kept, with _id first', async () => {
    await values.insertOne({ z: 1, a: 2, _id: 'ordered', m: { y: 1, b: 2 } })
    const found = await values.findOne({ _id: 'ordered' })
    expect(Object.keys(found!)).toEqual(['_id', 'z', 'a', 'm'])
    expect(Object.keys(found!.m)).toEqual(['y', 'b'])
  })

  it('numeric types, read without promotion: Int32, Double and Decimal128 keep their BSON type', async () => {
    const { insertedId } = await values.insertOne({ int: new Int32(7), double: new Double(2.5), decimal: Decimal128.fromString('0.1') })
    const found = await values.findOne({ _id: insertedId }, { promoteValues: false })
    expect(found!.int).toBeInstanceOf(Int32)
    expect(found!.double).toBeInstanceOf(Double)
    expect(found!.decimal).toBeInstanceOf(Decimal128)
    expect(found!.decimal.toString()).toBe('0.1')
  })

  it('a small Long comes back as the number it holds (the driver promotes int64 by default)', async () => {
    const { insertedId } = await values.insertOne({ long: Long.fromNumber(42) })
    expect((await values.findOne({ _id: insertedId }))!.long).toBe(42)
  })

  it.each([
    ['insertOne (documents inline)', (document: TestDocument) => values.insertOne(document)],
    ['insertMany (a document sequence)', (document: TestDocument) => values.insertMany([document])],
  ])('a small Long and an integral Double keep their BSON types when read without promotion, after %s', async (_, insert) => {
    const document: TestDocument = { long: Long.fromNumber(42), double: new Double(2) }
    await insert(document)
    const found = await values.findOne({ _id: document._id }, { promoteLongs: false, promoteValues: false })
    expect(found!.long).toBeInstanceOf(Long)
    expect(found!.double).toBeInstanceOf(Double)
  })

  // Documented difference (server/embedded-mongo/README.md): an update re-encodes the document from JS
  // values, so an int64 that fits a double and an integral double come back as Int32. With the
  // driver's default promotion all read as the same JS number (tests above).
  it.skipIf(connection.target.isEmbedded)('after an update, a small Long and an integral Double keep their BSON types', async () => {
    const { insertedId } = await values.insertOne({ long: Long.fromNumber(42), double: new Double(2) })
    await values.updateOne({ _id: insertedId }, { $set: { touched: true } })
    const found = await values.findOne({ _id: insertedId }, { promoteLongs: false, promoteValues: false })
    expect(found!.long).toBeInstanceOf(Long)
    expect(found!.double).toBeInstanceOf(Double)
  })

  it.runIf(connection.target.isEmbedded)('embedded: after an update, a small Long and an integral Double come back as Int32', async () => {
    const { insertedId } = await values.insertOne({ long: Long.fromNumber(42), double: new Double(2) })
    await values.updateOne({ _id: insertedId }, { $set: { touched: true } })
    const found = await values.findOne({ _id: insertedId }, { promoteLongs: false, promoteValues: false })
    expect(found!.long).toEqual(new Int32(42))
    expect(found!.double).toEqual(new Int32(2))
  })

  it('queries match a number across BSON numeric types', async () => {
    await values.insertMany([{ _id: 'int', n: new Int32(5) }, { _id: 'double', n: new Double(5) }, { _id: 'long', n: Long.fromNumber(5) }])
    expect((await values.find({ n: 5 }).sort({ _id: 1 }).toArray()).map(document => document._id)).toEqual(['double', 'int', 'long'])
  })
})
