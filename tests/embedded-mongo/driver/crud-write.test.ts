import { ObjectId, type Collection, type Document, type Filter } from 'mongodb'
import { expect, it } from 'vitest'
import { describeOnTargets, type TestDocument } from './targets.ts'

describeOnTargets('insert, update, replace, delete and findOneAnd*', (connection) => {
  async function seeded(label: string, documents: Document[]) {
    const collection = connection.newCollection(label)
    await collection.insertMany(documents.map(each => structuredClone(each)))
    return collection
  }

  it('insertOne reports the _id it generated and stores the document with _id first', async () => {
    const people = connection.newCollection('people')
    const result = await people.insertOne({ name: 'Ada', age: 36 })
    expect(result.acknowledged).toBe(true)
    expect(result.insertedId).toBeInstanceOf(ObjectId)
    const stored = await people.findOne({ name: 'Ada' })
    expect(stored).toEqual({ _id: result.insertedId, name: 'Ada', age: 36 })
    expect(Object.keys(stored!)).toEqual(['_id', 'name', 'age'])
  })

  it('insertOne moves a client-chosen _id to the front', async () => {
    const people = connection.newCollection('people')
    await people.insertOne({ name: 'Bo', _id: 'bo' })
    expect(Object.keys((await people.findOne({ _id: 'bo' }))!)).toEqual(['_id', 'name'])
  })

  it('insertMany reports every inserted _id by position', async () => {
    const people = connection.newCollection('people')
    const result = await people.insertMany([{ _id: 'a', n: 1 }, { n: 2 }, { n: 3 }])
    expect(result.insertedCount).toBe(3)
    expect(result.insertedIds[0]).toBe('a')
    expect(result.insertedIds[1]).toBeInstanceOf(ObjectId)
    expect(await people.countDocuments()).toBe(3)
  })

  it('finds, updates and deletes by _id among ids whose primary keys share a hash in the embedded server', async () => {
    // id329599/id532382 and id329598/id532383: equal hashes in the embedded server's table of documents by _id.
    const ids = ['id329599', 'id532382', 'other', 'id329598', 'id532383']
    const people = await seeded('people', ids.map((_id, n) => ({ _id, n })))
    await expect(people.insertOne({ _id: 'id532382', n: 9 })).rejects.toMatchObject({ code: 11000 })
    await people.updateOne({ _id: 'id532382' }, { $set: { n: 10 } })
    await people.deleteOne({ _id: 'id329599' })
    await people.insertOne({ _id: 'id329599', n: 11 })
    await people.deleteOne({ _id: 'id532383' })
    for (const [_id, n] of [['id329599', 11], ['id532382', 10], ['id329598', 3]] as const) expect(await people.findOne({ _id })).toEqual({ _id, n })
    expect(await people.findOne({ _id: 'id532383' })).toBeNull()
    expect((await people.find().toArray()).map(person => person._id).sort()).toEqual(['id329598', 'id329599', 'id532382', 'other'])
  })

  it.each<{ name: string, filter: Filter<TestDocument>, update: Document, matched: number, modified: number, expected: Document[] }>([
    { name: '$set on one', filter: { _id: 1 }, update: { $set: { status: 'done' } }, matched: 1, modified: 1, expected: [{ _id: 1, n: 1, status: 'done' }, { _id: 2, n: 2, status: 'new' }, { _id: 3, n: 3, status: 'new' }] },
    { name: 'a no-op $set', filter: { _id: 2 }, update: { $set: { status: 'new' } }, matched: 1, modified: 0, expected: [{ _id: 1, n: 1, status: 'new' }, { _id: 2, n: 2, status: 'new' }, { _id: 3, n: 3, status: 'new' }] },
    { name: 'no match', filter: { _id: 9 }, update: { $set: { status: 'x' } }, matched: 0, modified: 0, expected: [{ _id: 1, n: 1, status: 'new' }, { _id: 2, n: 2, status: 'new' }, { _id: 3, n: 3, status: 'new' }] },
    { name: '$inc and $unset', filter: { n: { $gt: 1 } }, update: { $inc: { n: 10 }, $unset: { status: '' } }, matched: 1, modified: 1, expected: [{ _id: 1, n: 1, status: 'new' }, { _id: 2, n: 12 }, { _id: 3, n: 3, status: 'new' }] },
    { name: '$push onto a missing array', filter: { _id: 3 }, update: { $push: { log: 'a' } }, matched: 1, modified: 1, expected: [{ _id: 1, n: 1, status: 'new' }, { _id: 2, n: 2, status: 'new' }, { _id: 3, n: 3, status: 'new', log: ['a'] }] },
    { name: 'a nested $set', filter: { _id: 1 }, update: { $set: { 'meta.by': 'me' } }, matched: 1, modified: 1, expected: [{ _id: 1, n: 1, status: 'new', meta: { by: 'me' } }, { _id: 2, n: 2, status: 'new' }, { _id: 3, n: 3, status: 'new' }] },
    { name: 'a pipeline update', filter: { _id: 1 }, update: [{ $set: { double: { $multiply: ['$n', 2] } } }], matched: 1, modified: 1, expected: [{ _id: 1, n: 1, status: 'new', double: 2 }, { _id: 2, n: 2, status: 'new' }, { _id: 3, n: 3, status: 'new' }] },
  ])('updateOne with $name', async ({ filter, update, matched, modified, expected }) => {
    const tasks = await seeded('tasks', [{ _id: 1, n: 1, status: 'new' }, { _id: 2, n: 2, status: 'new' }, { _id: 3, n: 3, status: 'new' }])
    const result = await tasks.updateOne(filter, update)
    expect({ matched: result.matchedCount, modified: result.modifiedCount, upserted: result.upsertedCount }).toEqual({ matched, modified, upserted: 0 })
    expect(await tasks.find().sort({ _id: 1 }).toArray()).toEqual(expected)
  })

  it('updateMany changes every match and counts only real modifications', async () => {
    const tasks = await seeded('tasks', [{ _id: 1, status: 'new' }, { _id: 2, status: 'done' }, { _id: 3, status: 'new' }, { _id: 4, status: 'new' }])
    const result = await tasks.updateMany({ _id: { $gte: 2 } }, { $set: { status: 'done' } })
    expect({ matched: result.matchedCount, modified: result.modifiedCount }).toEqual({ matched: 3, modified: 2 })
    expect(await tasks.distinct('_id', { status: 'done' })).toEqual([2, 3, 4])
  })

  it('replaceOne swaps the whole document and keeps its _id', async () => {
    const tasks = await seeded('tasks', [{ _id: 1, status: 'new', extra: true }])
    const result = await tasks.replaceOne({ _id: 1 }, { status: 'replaced' })
    expect({ matched: result.matchedCount, modified: result.modifiedCount }).toEqual({ matched: 1, modified: 1 })
    expect(await tasks.findOne({ _id: 1 })).toEqual({ _id: 1, status: 'replaced' })
  })

  it('upsert with $setOnInsert: fields apply on insert only, seeded from the filter\'s equality fields', async () => {
    const stats = connection.newCollection('stats')
    const filter = { channel: 'c1', day: '2024-05-01' }
    const update = { $set: { views: 10 }, $setOnInsert: { createdBy: 'first' } }
    const inserted = await stats.updateOne(filter, update, { upsert: true })
    expect({ matched: inserted.matchedCount, modified: inserted.modifiedCount, upserted: inserted.upsertedCount }).toEqual({ matched: 0, modified: 0, upserted: 1 })
    expect(inserted.upsertedId).toBeInstanceOf(ObjectId)
    expect(await stats.findOne({}, { projection: { _id: 0 } })).toEqual({ channel: 'c1', day: '2024-05-01', views: 10, createdBy: 'first' })

    const updated = await stats.updateOne(filter, { $set: { views: 20 }, $setOnInsert: { createdBy: 'second' } }, { upsert: true })
    expect({ matched: updated.matchedCount, modified: updated.modifiedCount, upserted: updated.upsertedCount, id: updated.upsertedId }).toEqual({ matched: 1, modified: 1, upserted: 0, id: null })
    expect(await stats.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ channel: 'c1', day: '2024-05-01', views: 20, createdBy: 'first' }])
  })

  it.each<{ name: string, filter: Filter<TestDocument>, expected: Document }>([
    { name: 'plain equality', filter: { a: 1, b: 'x' }, expected: { a: 1, b: 'x', touched: true } },
    { name: '$eq', filter: { a: { $eq: 2 } }, expected: { a: 2, touched: true } },
    { name: '$and of equalities', filter: { $and: [{ a: 3 }, { b: 'y' }] }, expected: { a: 3, b: 'y', touched: true } },
    { name: 'a dotted path', filter: { 'meta.kind': 'k' }, expected: { meta: { kind: 'k' }, touched: true } },
    { name: 'a range (not seeded)', filter: { a: { $gt: 5 }, b: 'z' }, expected: { b: 'z', touched: true } },
    { name: '$in with several values (not seeded)', filter: { a: { $in: [7, 8] } }, expected: { touched: true } },
    { name: 'a _id equality', filter: { _id: 'chosen' }, expected: { _id: 'chosen', touched: true } },
  ])('an upsert seeds the new document from $name', async ({ filter, expected }) => {
    const seededByUpsert = connection.newCollection('upserts')
    const result = await seededByUpsert.updateOne(filter, { $set: { touched: true } }, { upsert: true })
    expect(result.upsertedCount).toBe(1)
    const projection = '_id' in expected ? {} : { _id: 0 }
    expect(await seededByUpsert.find({}, { projection }).toArray()).toEqual([expected])
  })

  it('replaceOne with upsert inserts the replacement, taking _id from the filter', async () => {
    const profiles = connection.newCollection('profiles')
    const result = await profiles.replaceOne({ _id: 'u1', ignored: 1 }, { name: 'New' }, { upsert: true })
    expect(result.upsertedId).toBe('u1')
    expect(await profiles.find().toArray()).toEqual([{ _id: 'u1', name: 'New' }])
  })

  it.each<{ name: string, run: (c: Collection<TestDocument>) => Promise<{ deletedCount: number }>, deleted: number, remaining: number[] }>([
    { name: 'deleteOne removes the first match only', run: c => c.deleteOne({ n: { $gt: 1 } }), deleted: 1, remaining: [1, 3, 4] },
    { name: 'deleteOne without a match', run: c => c.deleteOne({ n: 99 }), deleted: 0, remaining: [1, 2, 3, 4] },
    { name: 'deleteMany removes every match', run: c => c.deleteMany({ n: { $gt: 1 } }), deleted: 3, remaining: [1] },
    { name: 'deleteMany with an empty filter', run: c => c.deleteMany({}), deleted: 4, remaining: [] },
  ])('$name', async ({ run, deleted, remaining }) => {
    const numbers = await seeded('numbers', [1, 2, 3, 4].map(n => ({ _id: n, n })))
    expect((await run(numbers)).deletedCount).toBe(deleted)
    expect(await numbers.distinct('_id')).toEqual(remaining)
  })

  const QUEUE = [
    { _id: 1, state: 'queued', priority: 2 },
    { _id: 2, state: 'queued', priority: 5 },
    { _id: 3, state: 'queued', priority: 1 },
    { _id: 4, state: 'running', priority: 9 },
  ]

  it.each<{ name: string, options: Document, expected: Document | null }>([
    { name: 'returns the document before the update by default', options: {}, expected: { _id: 2, state: 'queued', priority: 5 } },
    { name: 'returnDocument after', options: { returnDocument: 'after' }, expected: { _id: 2, state: 'running', priority: 5, worker: 'w1' } },
    { name: 'projection', options: { returnDocument: 'after', projection: { _id: 0, state: 1 } }, expected: { state: 'running' } },
  ])('findOneAndUpdate $name (sort picks the match)', async ({ options, expected }) => {
    const queue = await seeded('queue', QUEUE)
    const claimed = await queue.findOneAndUpdate({ state: 'queued' }, { $set: { state: 'running', worker: 'w1' } }, { sort: { priority: -1 }, ...options })
    expect(claimed).toEqual(expected)
    expect(await queue.countDocuments({ state: 'running' })).toBe(2)
  })

  it('findOneAndUpdate returns null when nothing matches, and the new document when upserting with returnDocument after', async () => {
    const queue = await seeded('queue', QUEUE)
    expect(await queue.findOneAndUpdate({ state: 'failed' }, { $set: { seen: true } })).toBeNull()
    expect(await queue.findOneAndUpdate({ _id: 10 }, { $set: { state: 'queued' } }, { upsert: true })).toBeNull()
    const upserted = await queue.findOneAndUpdate({ _id: 11 }, { $set: { state: 'queued' }, $setOnInsert: { priority: 0 } }, { upsert: true, returnDocument: 'after' })
    expect(upserted).toEqual({ _id: 11, state: 'queued', priority: 0 })
    expect(await queue.countDocuments()).toBe(6)
  })

  it('findOneAndUpdate with includeResultMetadata reports what happened', async () => {
    const queue = await seeded('queue', QUEUE)
    const result = await queue.findOneAndUpdate({ _id: 12 }, { $set: { state: 'queued' } }, { upsert: true, includeResultMetadata: true })
    expect(result.value).toBeNull()
    expect(result.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false, upserted: 12 })
  })

  it.each<{ name: string, options: Document, expected: Document }>([
    { name: 'before', options: { sort: { priority: 1 } }, expected: { _id: 3, state: 'queued', priority: 1 } },
    { name: 'after', options: { sort: { priority: 1 }, returnDocument: 'after' }, expected: { _id: 3, state: 'replaced' } },
    { name: 'after with projection', options: { sort: { priority: 1 }, returnDocument: 'after', projection: { _id: 1 } }, expected: { _id: 3 } },
  ])('findOneAndReplace returns the document $name', async ({ options, expected }) => {
    const queue = await seeded('queue', QUEUE)
    expect(await queue.findOneAndReplace({ state: 'queued' }, { state: 'replaced' }, options)).toEqual(expected)
    expect(await queue.findOne({ _id: 3 })).toEqual({ _id: 3, state: 'replaced' })
  })

  it('findOneAndReplace upserts', async () => {
    const queue = await seeded('queue', QUEUE)
    const result = await queue.findOneAndReplace({ _id: 20 }, { state: 'new' }, { upsert: true, returnDocument: 'after' })
    expect(result).toEqual({ _id: 20, state: 'new' })
  })

  it.each<{ name: string, options: Document, expected: Document, remaining: number[] }>([
    { name: 'the first match in sort order', options: { sort: { priority: -1 } }, expected: { _id: 2, state: 'queued', priority: 5 }, remaining: [1, 3, 4] },
    { name: 'projected', options: { sort: { priority: 1 }, projection: { priority: 1, _id: 0 } }, expected: { priority: 1 }, remaining: [1, 2, 4] },
  ])('findOneAndDelete removes and returns $name', async ({ options, expected, remaining }) => {
    const queue = await seeded('queue', QUEUE)
    expect(await queue.findOneAndDelete({ state: 'queued' }, options)).toEqual(expected)
    expect(await queue.distinct('_id')).toEqual(remaining)
    expect(await queue.findOneAndDelete({ state: 'nothing' })).toBeNull()
  })

  it('mutating an inserted object after insertOne/insertMany does not change what is stored', async () => {
    const notes = connection.newCollection('notes')
    const single = { _id: 1, text: 'original', tags: ['a'], meta: { n: 1 } }
    const many = [{ _id: 2, text: 'original', tags: ['b'], meta: { n: 2 } }]
    await notes.insertOne(single)
    await notes.insertMany(many)
    single.text = 'changed'
    single.tags.push('x')
    single.meta.n = 100
    many[0]!.meta.n = 200
    many[0]!.tags.length = 0
    expect(await notes.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, text: 'original', tags: ['a'], meta: { n: 1 } },
      { _id: 2, text: 'original', tags: ['b'], meta: { n: 2 } },
    ])
  })

  it('mutating a returned document (find, findOne, findOneAndUpdate, aggregate) does not change what a later find returns', async () => {
    const notes = await seeded('notes', [{ _id: 1, text: 'original', tags: ['a'], meta: { n: 1 } }])
    const expected = [{ _id: 1, text: 'original', tags: ['a'], meta: { n: 1 } }]
    const [fromFind] = await notes.find().toArray()
    fromFind!.text = 'changed'
    fromFind!.tags.push('x')
    const fromFindOne = await notes.findOne({ _id: 1 })
    fromFindOne!.meta.n = 5
    const fromFindOneAndUpdate = await notes.findOneAndUpdate({ _id: 1 }, { $set: { text: 'original' } })
    fromFindOneAndUpdate!.tags.push('y')
    const [fromAggregate] = await notes.aggregate([{ $match: {} }]).toArray()
    fromAggregate!.meta.n = 7
    expect(await notes.find().toArray()).toEqual(expected)
  })
})
