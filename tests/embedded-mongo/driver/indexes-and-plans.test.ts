import { MongoServerError, type Collection, type Document, type Filter, type Sort } from 'mongodb'
import { beforeAll, describe, expect, it } from 'vitest'
import { usedIndexNames } from './explain-plan.ts'
import { describeOnTargets, type TestDocument } from './targets.ts'

async function rejection(promise: Promise<unknown>): Promise<MongoServerError> {
  try {
    await promise
  }
  catch (error) {
    if (error instanceof MongoServerError) return error
    throw error
  }
  throw new Error('expected the operation to fail')
}

interface Post {
  _id: number
  creatorId: string
  publishedAt: Date
  slug: string
}

const CREATORS = 12
const POST_COUNT = 2400
const START = Date.UTC(2024, 0, 1)

/** A shuffled timeline: publication order differs from insertion order, every date distinct. */
const POSTS: Post[] = Array.from({ length: POST_COUNT }, (_, i) => ({
  _id: i,
  creatorId: `creator-${(i * 7) % CREATORS}`,
  publishedAt: new Date(START + ((i * 7919) % POST_COUNT) * 60_000),
  slug: `post-${i}`,
}))

const newestFirst = (a: Post, b: Post) => b.publishedAt.getTime() - a.publishedAt.getTime()

interface Sample {
  _id: number
  kind: string
  n: number
  score: number
  meta?: { rank: number }
  tags?: string[] | string
  maybe?: number | null
}

const TAG_CHOICES = ['red', 'green', 'blue', 'gold', 'pink']

function sample(i: number): Sample {
  const doc: Sample = { _id: i, kind: ['a', 'b', 'c', 'd'][i % 4]!, n: i % 37, score: i }
  if (i % 10 !== 0) doc.meta = { rank: i % 7 }
  if (i % 13 === 0) doc.tags = 'solo'
  else if (i % 11 !== 0) doc.tags = TAG_CHOICES.filter((_, t) => (i >> t) % 3 === 1)
  if (i % 5 === 0) doc.maybe = null
  else if (i % 5 !== 1) doc.maybe = i % 5
  return doc
}

const SAMPLES = Array.from({ length: 300 }, (_, i) => sample(i))

describeOnTargets('indexes and query plans', (connection) => {
  describe('index management', () => {
    it('createIndex and createIndexes name the indexes; listIndexes reports them after _id_', async () => {
      const collection = connection.newCollection('managed')
      expect(await collection.createIndex({ creatorId: 1, publishedAt: -1 })).toBe('creatorId_1_publishedAt_-1')
      expect(await collection.createIndex({ email: 1 }, { unique: true, name: 'by_email' })).toBe('by_email')
      expect(await collection.createIndexes([{ key: { a: 1 } }, { key: { 'b.c': -1 }, name: 'bc_desc', sparse: true }])).toEqual(['a_1', 'bc_desc'])
      const listed = (await collection.listIndexes().toArray()).map(({ v, key, name, unique, sparse }: Document) => ({ v, key, name, unique, sparse }))
      expect(listed).toEqual([
        { v: 2, key: { _id: 1 }, name: '_id_' },
        { v: 2, key: { creatorId: 1, publishedAt: -1 }, name: 'creatorId_1_publishedAt_-1' },
        { v: 2, key: { email: 1 }, name: 'by_email', unique: true },
        { v: 2, key: { a: 1 }, name: 'a_1' },
        { v: 2, key: { 'b.c': -1 }, name: 'bc_desc', sparse: true },
      ])
    })

    it('creating the same index twice is a no-op', async () => {
      const collection = connection.newCollection('twice')
      const command = { createIndexes: collection.collectionName, indexes: [{ key: { a: 1 }, name: 'a_1', unique: true }] }
      const first = await connection.db.command(command)
      const second = await connection.db.command(command)
      expect(first).toMatchObject({ ok: 1, numIndexesBefore: 1, numIndexesAfter: 2, createdCollectionAutomatically: true })
      expect(second).toMatchObject({ ok: 1, numIndexesBefore: 2, numIndexesAfter: 2, note: 'all indexes already exist' })
      expect(await collection.createIndex({ a: 1 }, { unique: true })).toBe('a_1')
      expect(await collection.listIndexes().toArray()).toHaveLength(2)
    })

    it.each<{ name: string, existing: [Document, Document], requested: [Document, Document], code: number, codeName: string }>([
      { name: 'same name, other key', existing: [{ a: 1 }, { name: 'x' }], requested: [{ b: 1 }, { name: 'x' }], code: 86, codeName: 'IndexKeySpecsConflict' },
      { name: 'same key and options, other name', existing: [{ a: 1 }, {}], requested: [{ a: 1 }, { name: 'other' }], code: 85, codeName: 'IndexOptionsConflict' },
      { name: 'same name and key, other options', existing: [{ a: 1 }, { expireAfterSeconds: 60 }], requested: [{ a: 1 }, { expireAfterSeconds: 120 }], code: 85, codeName: 'IndexOptionsConflict' },
      { name: 'same key, other name and options', existing: [{ a: 1 }, { expireAfterSeconds: 60 }], requested: [{ a: 1 }, { name: 'other', expireAfterSeconds: 120 }], code: 85, codeName: 'IndexOptionsConflict' },
    ])('a conflicting index fails: $name ($codeName)', async ({ existing, requested, code, codeName }) => {
      const collection = connection.newCollection('conflicts')
      await collection.createIndex(...existing)
      expect(await rejection(collection.createIndex(...requested))).toMatchObject({ code, codeName })
      expect(await collection.listIndexes().toArray()).toHaveLength(2)
    })

    it('dropIndex by name and by key, dropIndexes(\'*\') keeps only _id_', async () => {
      const collection = connection.newCollection('dropping')
      await collection.createIndexes([{ key: { a: 1 } }, { key: { b: 1 } }, { key: { c: 1 } }, { key: { d: -1 } }])
      await collection.dropIndex('a_1')
      await connection.db.command({ dropIndexes: collection.collectionName, index: { b: 1 } })
      expect((await collection.listIndexes().toArray()).map(index => index.name)).toEqual(['_id_', 'c_1', 'd_-1'])
      const reply = await connection.db.command({ dropIndexes: collection.collectionName, index: '*' })
      expect(reply).toMatchObject({ ok: 1, nIndexesWas: 3 })
      expect((await collection.listIndexes().toArray()).map(index => index.name)).toEqual(['_id_'])
      await collection.createIndex({ e: 1 })
      await collection.dropIndexes()
      expect((await collection.listIndexes().toArray()).map(index => index.name)).toEqual(['_id_'])
    })

    it.each([
      { name: 'an index that does not exist', index: 'nope_1', code: 27 },
      { name: 'the _id index', index: '_id_', code: 72 },
    ])('dropIndex refuses $name', async ({ index, code }) => {
      const collection = connection.newCollection('refusing')
      await collection.insertOne({ a: 1 })
      expect(await rejection(collection.dropIndex(index))).toMatchObject({ code })
    })

    it('listIndexes on a collection that does not exist fails with NamespaceNotFound', async () => {
      expect(await rejection(connection.newCollection('absent').listIndexes().toArray())).toMatchObject({ code: 26 })
    })
  })

  describe('plans on a timeline of 2,400 posts', () => {
    let posts: Collection<Post>
    beforeAll(async () => {
      posts = connection.newCollection<Post>('posts')
      await posts.insertMany(POSTS.map(post => ({ ...post })))
      await posts.createIndex({ creatorId: 1, publishedAt: -1 })
      await posts.createIndex({ publishedAt: -1 })
      await posts.createIndex({ slug: 1 }, { unique: true })
    })

    it('a creator\'s feed page after a cursor reads exactly the 20 documents it returns, in order', async () => {
      const creatorId = 'creator-3'
      const timeline = POSTS.filter(post => post.creatorId === creatorId).sort(newestFirst)
      const cursorDate = timeline[49]!.publishedAt
      const query = () => posts.find({ creatorId, publishedAt: { $lt: cursorDate } }).sort({ publishedAt: -1 }).limit(20)
      expect(await query().toArray()).toEqual(timeline.slice(50, 70))
      const explain = await query().explain('executionStats')
      expect(usedIndexNames(explain)).toContain('creatorId_1_publishedAt_-1')
      expect(explain.executionStats).toMatchObject({ nReturned: 20, totalDocsExamined: 20 })
    })

    it.each([
      { name: 'first page', filter: {}, skip: 0 },
      { name: 'after a cursor', filter: { publishedAt: { $lt: new Date(START + 1000 * 60_000) } }, skip: 0 },
    ])('the global feed ($name) reads only the 20 documents it returns', async ({ filter, skip }) => {
      const expected = POSTS.filter(post => !filter.publishedAt || post.publishedAt < filter.publishedAt.$lt).sort(newestFirst).slice(skip, skip + 20)
      const query = () => posts.find(filter).sort({ publishedAt: -1 }).limit(20)
      expect(await query().toArray()).toEqual(expected)
      const explain = await query().explain('executionStats')
      expect(usedIndexNames(explain)).toContain('publishedAt_-1')
      expect(explain.executionStats).toMatchObject({ nReturned: 20, totalDocsExamined: 20 })
    })

    it('findOne on a unique field reads one document', async () => {
      expect(await posts.findOne({ slug: 'post-1234' })).toEqual(POSTS[1234])
      const explain = await posts.find({ slug: 'post-1234' }).limit(1).explain('executionStats')
      expect(usedIndexNames(explain)).toContain('slug_1')
      expect(explain.executionStats).toMatchObject({ nReturned: 1, totalDocsExamined: 1 })
    })

    it('findOne by _id reads one document', async () => {
      const explain = await posts.find({ _id: 42 }).explain('executionStats')
      expect(explain.executionStats).toMatchObject({ nReturned: 1, totalDocsExamined: 1 })
    })
  })

  describe('the same answers with and without indexes', () => {
    let indexed: Collection<TestDocument>
    let plain: Collection<TestDocument>
    beforeAll(async () => {
      indexed = connection.newCollection('indexed')
      plain = connection.newCollection('plain')
      await indexed.createIndexes([
        { key: { kind: 1, n: -1 } },
        { key: { 'meta.rank': 1, 'score': 1 } },
        { key: { tags: 1 } },
        { key: { maybe: 1 } },
        { key: { n: 1 } },
        { key: { score: -1 } },
      ])
      await indexed.insertMany(SAMPLES.map(each => structuredClone(each)))
      await plain.insertMany(SAMPLES.map(each => structuredClone(each)))
    })

    it.each<{ filter: Filter<TestDocument>, options: { sort?: Sort, skip?: number, limit?: number } }>([
      { filter: { kind: 'b' }, options: { sort: { n: -1, _id: 1 } } },
      { filter: { kind: 'c' }, options: { sort: { n: 1, _id: 1 }, limit: 7 } },
      { filter: { kind: { $in: ['a', 'd'] }, n: { $gte: 10, $lte: 20 } }, options: { sort: { n: -1, _id: 1 } } },
      { filter: { kind: { $gt: 'b' } }, options: { sort: { kind: 1, n: -1, _id: 1 } } },
      { filter: { kind: 'a', n: 7 }, options: { sort: { _id: -1 } } },
      { filter: { n: { $gt: 30 } }, options: { sort: { n: 1, _id: 1 } } },
      { filter: { n: { $gte: 5, $lte: 8 } }, options: {} },
      { filter: { n: { $gt: 10 }, score: { $lt: 50 } }, options: {} },
      { filter: { score: { $in: [5, 50, 500] } }, options: {} },
      { filter: {}, options: { sort: { score: -1 }, skip: 10, limit: 5 } },
      { filter: { $or: [{ kind: 'a' }, { n: 0 }] }, options: { sort: { score: 1 } } },
      { filter: { 'meta.rank': 3 }, options: { sort: { score: 1 } } },
      { filter: { 'meta.rank': { $in: [1, 2] }, 'score': { $lt: 100 } }, options: { sort: { score: -1 } } },
      { filter: { 'meta.rank': { $gte: 2 }, 'kind': 'a' }, options: { sort: { 'meta.rank': 1, 'score': 1 } } },
      { filter: { 'meta.rank': null }, options: {} },
      { filter: { 'meta.rank': { $exists: false } }, options: {} },
      { filter: { tags: 'red' }, options: {} },
      { filter: { tags: { $in: ['red', 'blue'] } }, options: { sort: { score: -1 } } },
      { filter: { tags: { $gt: 'g', $lt: 'p' } }, options: {} },
      { filter: { tags: { $gte: 'gold', $lte: 'gold' } }, options: {} },
      { filter: { tags: { $size: 0 } }, options: {} },
      { filter: { tags: 'solo' }, options: {} },
      { filter: { tags: { $all: ['red', 'blue'] } }, options: {} },
      { filter: { tags: { $elemMatch: { $gt: 'b', $lt: 'c' } } }, options: {} },
      { filter: { tags: { $size: 2 } }, options: { sort: { tags: -1, _id: 1 } } },
      { filter: { tags: null }, options: {} },
      { filter: { maybe: null }, options: {} },
      { filter: { maybe: { $exists: false } }, options: {} },
      { filter: { maybe: { $ne: null } }, options: { sort: { maybe: -1, _id: 1 } } },
      { filter: { maybe: { $gte: 2 } }, options: {} },
      { filter: { maybe: { $lt: 3 } }, options: {} },
      { filter: { maybe: { $in: [null, 3] } }, options: {} },
      { filter: { _id: { $in: [3, 4, 400] } }, options: {} },
      { filter: { _id: { $gte: 290 } }, options: { sort: { _id: -1 } } },
    ])('find($filter) with $options', async ({ filter, options: { sort = { _id: 1 } as Sort, skip = 0, limit = 0 } }) => {
      const run = (collection: Collection<TestDocument>) => collection.find(filter).sort(sort).skip(skip).limit(limit).toArray()
      const withoutIndexes = await run(plain)
      expect(withoutIndexes.length).toBeGreaterThan(0)
      expect(await run(indexed)).toEqual(withoutIndexes)
    })

    it('an $in without a sort comes back in index order, each document once', async () => {
      const found = await indexed.find({ kind: { $in: ['d', 'a', 'd'] } }).toArray()
      const expected = SAMPLES.filter(doc => doc.kind === 'a' || doc.kind === 'd')
        .sort((x, y) => x.kind.localeCompare(y.kind) || y.n - x.n || x._id - y._id)
      expect(found.map(doc => doc._id)).toEqual(expected.map(doc => doc._id))
    })

    it.each<{ filter: Filter<TestDocument> }>([
      { filter: { kind: 'b', n: { $lt: 20 } } },
      { filter: { tags: 'green' } },
      { filter: { maybe: null } },
    ])('countDocuments and distinct agree for $filter', async ({ filter }) => {
      expect(await indexed.countDocuments(filter)).toBe(await plain.countDocuments(filter))
      expect(await indexed.distinct('tags', filter)).toEqual(await plain.distinct('tags', filter))
    })
  })
  describe('the same feed pages through a load larger than what an index holds back', () => {
    // The embedded server holds a non-unique index's new entries back until a read, a removal or
    // 16,384 of them (SecondaryIndex.applyPending). 20 batches of 1000: the first and last three
    // change earlier documents (an update that keeps its keys, one that moves them, a deletion)
    // before inserting, and read after; the 14 between only insert, so that the held-back entries
    // pass the limit.
    const BATCHES = 20
    const BATCH = 1000
    const event = (i: number) => ({ _id: i, creatorId: `cr_${i % 37}`, publishedAt: new Date(START + ((i * 7919) % 100_000) * 60_000), views: 0 })
    let indexed: Collection<TestDocument>
    let plain: Collection<TestDocument>
    const feeds = async (collection: Collection<TestDocument>) => Promise.all([
      collection.find({ creatorId: 'cr_5' }).sort({ publishedAt: -1, _id: 1 }).limit(20).toArray(),
      collection.find({ creatorId: 'cr_36', publishedAt: { $lt: new Date(START + 50_000 * 60_000) } }).sort({ publishedAt: -1, _id: 1 }).limit(20).toArray(),
      collection.find({}).sort({ publishedAt: -1, _id: 1 }).limit(20).toArray(),
      collection.countDocuments({ creatorId: 'cr_11' }),
    ])
    beforeAll(async () => {
      indexed = connection.newCollection('held_back')
      plain = connection.newCollection('held_back_plain')
      await indexed.createIndexes([{ key: { creatorId: 1, publishedAt: -1 } }, { key: { publishedAt: -1 } }])
    })

    it('answers every page as a collection without indexes does, between batches and after them', async () => {
      for (let batch = 0; batch < BATCHES; batch++) {
        const documents = Array.from({ length: BATCH }, (_, k) => event(batch * BATCH + k))
        const mixed = batch < 3 || batch >= BATCHES - 3
        for (const collection of [indexed, plain]) {
          if (mixed && batch > 0) {
            await collection.updateOne({ _id: batch * BATCH - 1 }, { $set: { views: batch } })
            await collection.updateOne({ _id: batch * BATCH - 2 }, { $set: { creatorId: 'cr_5', publishedAt: new Date(START + batch * 1000) } })
            await collection.deleteOne({ _id: batch * BATCH - 3 })
          }
          await collection.insertMany(documents.map(each => ({ ...each })), { ordered: false })
        }
        if (mixed) expect(await feeds(indexed)).toEqual(await feeds(plain))
      }
      const [creatorPage, cursorPage, globalPage, count] = await feeds(indexed)
      expect([creatorPage.length, cursorPage.length, globalPage.length]).toEqual([20, 20, 20])
      expect(count).toBeGreaterThan(0)
      expect(await feeds(indexed)).toEqual(await feeds(plain))
      expect(await indexed.countDocuments()).toBe(BATCHES * BATCH - 5)
    })
  })
})
