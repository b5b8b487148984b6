import { MongoBulkWriteError, MongoServerError, ObjectId, type AnyBulkWriteOperation, type Collection, type WriteError } from 'mongodb'
import { expect, it } from 'vitest'
import { describeOnTargets, type TestDocument } from './targets.ts'

/** The driver types writeErrors as one-or-many; it is an array for every bulk failure. */
function writeErrorsOf(error: MongoBulkWriteError): WriteError[] {
  return ([] as WriteError[]).concat(error.writeErrors)
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  }
  catch (error) {
    return error
  }
  throw new Error('expected the operation to fail')
}

describeOnTargets('bulkWrite and unique indexes', (connection) => {
  const namespaceOf = (collection: Collection<TestDocument>) => `${connection.dbName}.${collection.collectionName}`

  async function usersWithUniqueEmail() {
    const users = connection.newCollection('users')
    await users.createIndex({ email: 1 }, { unique: true })
    await users.insertOne({ _id: 1, email: 'a@example.com' })
    return users
  }

  it('bulkWrite runs mixed operations in order and reports every count', async () => {
    const items = connection.newCollection('items')
    await items.insertMany([{ _id: 1, qty: 1 }, { _id: 2, qty: 2 }, { _id: 3, qty: 3 }])
    const operations: AnyBulkWriteOperation<TestDocument>[] = [
      { insertOne: { document: { _id: 4, qty: 4 } } },
      { updateOne: { filter: { _id: 1 }, update: { $inc: { qty: 10 } } } },
      { updateMany: { filter: { qty: { $lte: 3 } }, update: { $set: { small: true } } } },
      { updateOne: { filter: { _id: 5 }, update: { $set: { qty: 5 } }, upsert: true } },
      { replaceOne: { filter: { _id: 3 }, replacement: { qty: 30 } } },
      { replaceOne: { filter: { _id: 6 }, replacement: { qty: 6 }, upsert: true } },
      { deleteOne: { filter: { _id: 4 } } },
      { deleteMany: { filter: { qty: { $gt: 100 } } } },
    ]
    const result = await items.bulkWrite(operations)
    expect({
      inserted: result.insertedCount,
      matched: result.matchedCount,
      modified: result.modifiedCount,
      deleted: result.deletedCount,
      upserted: result.upsertedCount,
    }).toEqual({ inserted: 1, matched: 4, modified: 4, deleted: 1, upserted: 2 })
    expect(result.upsertedIds).toEqual({ 3: 5, 5: 6 })
    expect(result.insertedIds).toEqual({ 0: 4 })
    expect(await items.find().sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, qty: 11 },
      { _id: 2, qty: 2, small: true },
      { _id: 3, qty: 30 },
      { _id: 5, qty: 5 },
      { _id: 6, qty: 6 },
    ])
  })

  it('bulkWrite upserts seed from the filter and apply $setOnInsert', async () => {
    const daily = connection.newCollection('daily')
    const result = await daily.bulkWrite(['d1', 'd2', 'd1'].map(day => ({
      updateOne: { filter: { day }, update: { $inc: { hits: 1 }, $setOnInsert: { first: day } }, upsert: true },
    })))
    expect({ upserted: result.upsertedCount, matched: result.matchedCount, modified: result.modifiedCount }).toEqual({ upserted: 2, matched: 1, modified: 1 })
    expect(Object.values(result.upsertedIds).every(id => id instanceof ObjectId)).toBe(true)
    expect(await daily.find({}, { projection: { _id: 0 } }).sort({ day: 1 }).toArray()).toEqual([
      { day: 'd1', hits: 2, first: 'd1' },
      { day: 'd2', hits: 1, first: 'd2' },
    ])
  })

  it('a duplicate on a unique index fails insertOne with the exact E11000 shape', async () => {
    const users = await usersWithUniqueEmail()
    const error = await rejection(users.insertOne({ email: 'a@example.com' }))
    expect(error).toBeInstanceOf(MongoServerError)
    expect(error).toMatchObject({
      code: 11000,
      errmsg: `E11000 duplicate key error collection: ${namespaceOf(users)} index: email_1 dup key: { email: "a@example.com" }`,
      keyPattern: { email: 1 },
      keyValue: { email: 'a@example.com' },
    })
  })

  it('an insert refused by one unique index leaves none of its keys in the others, nor in a multikey one', async () => {
    const accounts = connection.newCollection('accounts')
    await accounts.createIndex({ email: 1 }, { unique: true })
    await accounts.createIndex({ tags: 1 }, { unique: true })
    await accounts.createIndex({ handle: 1 }, { unique: true })
    await accounts.insertOne({ _id: 1, email: 'a@example.com', tags: ['red', 'blue'], handle: 'x' })
    const byHandle = await rejection(accounts.insertOne({ _id: 2, email: 'b@example.com', tags: ['green', 'pink'], handle: 'x' }))
    expect(byHandle).toMatchObject({ code: 11000, keyPattern: { handle: 1 }, keyValue: { handle: 'x' } })
    const byTag = await rejection(accounts.insertOne({ _id: 3, email: 'c@example.com', tags: ['white', 'blue'], handle: 'y' }))
    expect(byTag).toMatchObject({ code: 11000, keyPattern: { tags: 1 }, keyValue: { tags: 'blue' } })
    // Every key the refused documents would have held is free.
    await accounts.insertOne({ _id: 4, email: 'b@example.com', tags: ['green', 'white'], handle: 'y' })
    await accounts.insertOne({ _id: 5, email: 'c@example.com', tags: ['pink'], handle: 'z' })
    expect(await accounts.find({ email: 'b@example.com' }).toArray()).toEqual([{ _id: 4, email: 'b@example.com', tags: ['green', 'white'], handle: 'y' }])
    expect(await accounts.find({ tags: { $in: ['green', 'pink', 'white'] } }, { projection: { _id: 1 } }).sort({ _id: 1 }).toArray()).toEqual([{ _id: 4 }, { _id: 5 }])
    expect(await accounts.countDocuments()).toBe(3)
  })

  it('a unique index stays right through lookups, duplicates, updates and deletes, before and after a range first reads it in order', async () => {
    const tickets = connection.newCollection('tickets')
    await tickets.createIndex({ code: 1 }, { unique: true })
    // Hash-like codes in random order, as the app's event ids are.
    const codeOf = (i: number) => `c${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}`
    const expected = new Map<number, string>()
    for (let i = 0; i < 60; i++) expected.set(i, codeOf(i))
    await tickets.insertMany([...expected].map(([_id, code]) => ({ _id, code })))
    const sortedCodes = () => [...expected.values()].sort()

    const lifecycle = async (round: number) => {
      // An update that keeps the code: the lookup finds the new version.
      await tickets.updateOne({ _id: 7 }, { $set: { note: `round ${round}` } })
      expect(await tickets.findOne({ code: codeOf(7) })).toEqual({ _id: 7, code: codeOf(7), note: `round ${round}` })
      expect(await tickets.find({ code: { $in: [codeOf(3), codeOf(4), 'absent'] } }, { projection: { _id: 1 } }).sort({ _id: 1 }).toArray()).toEqual([{ _id: 3 }, { _id: 4 }])
      expect(await rejection(tickets.insertOne({ _id: 1000 + round, code: codeOf(5) }))).toMatchObject({ code: 11000, keyValue: { code: codeOf(5) } })
      // A changed code frees the old one and takes the new; a deleted document frees its code.
      const renamed = `renamed-${round}`
      await tickets.updateOne({ _id: 10 + round }, { $set: { code: renamed } })
      expect(await rejection(tickets.insertOne({ _id: 2000 + round, code: renamed }))).toMatchObject({ code: 11000 })
      await tickets.insertOne({ _id: 3000 + round, code: codeOf(10 + round) })
      expected.set(10 + round, renamed)
      expected.set(3000 + round, codeOf(10 + round))
      await tickets.deleteOne({ _id: 20 + round })
      await tickets.insertOne({ _id: 4000 + round, code: codeOf(20 + round) })
      expected.delete(20 + round)
      expected.set(4000 + round, codeOf(20 + round))
    }

    await lifecycle(0)
    // The first read in code order.
    const middle = sortedCodes()[30]!
    const above = async () => (await tickets.find({ code: { $gt: middle } }, { projection: { _id: 0, code: 1 } }).sort({ code: 1 }).toArray()).map(ticket => ticket.code)
    expect(await above()).toEqual(sortedCodes().filter(code => code > middle))
    await lifecycle(1)
    expect(await above()).toEqual(sortedCodes().filter(code => code > middle))
    expect((await tickets.find({}, { projection: { _id: 0, code: 1 } }).sort({ code: -1 }).toArray()).map(ticket => ticket.code)).toEqual(sortedCodes().reverse())
    expect(await tickets.countDocuments()).toBe(expected.size)
  })

  it('a duplicate _id fails with index _id_', async () => {
    const users = await usersWithUniqueEmail()
    const error = await rejection(users.insertOne({ _id: 1, email: 'other@example.com' }))
    expect(error).toMatchObject({
      code: 11000,
      errmsg: `E11000 duplicate key error collection: ${namespaceOf(users)} index: _id_ dup key: { _id: 1 }`,
      keyPattern: { _id: 1 },
      keyValue: { _id: 1 },
    })
  })

  it('a compound unique index rejects only the full duplicate, naming every field', async () => {
    const members = connection.newCollection('members')
    await members.createIndex({ team: 1, user: 1 }, { unique: true })
    await members.insertMany([{ team: 't1', user: 'u1' }, { team: 't1', user: 'u2' }, { team: 't2', user: 'u1' }])
    const error = await rejection(members.insertOne({ team: 't1', user: 'u2' }))
    expect(error).toMatchObject({
      code: 11000,
      errmsg: `E11000 duplicate key error collection: ${namespaceOf(members)} index: team_1_user_1 dup key: { team: "t1", user: "u2" }`,
      keyPattern: { team: 1, user: 1 },
      keyValue: { team: 't1', user: 'u2' },
    })
    expect(await members.countDocuments()).toBe(3)
  })

  it('an update that would create a duplicate fails and changes nothing', async () => {
    const users = await usersWithUniqueEmail()
    await users.insertOne({ _id: 2, email: 'b@example.com' })
    const error = await rejection(users.updateOne({ _id: 2 }, { $set: { email: 'a@example.com' } }))
    expect(error).toMatchObject({ code: 11000, keyValue: { email: 'a@example.com' } })
    expect(await users.findOne({ _id: 2 })).toEqual({ _id: 2, email: 'b@example.com' })
  })

  it('an upsert that would create a duplicate fails', async () => {
    const users = await usersWithUniqueEmail()
    const error = await rejection(users.updateOne({ _id: 3 }, { $set: { email: 'a@example.com' } }, { upsert: true }))
    expect(error).toMatchObject({ code: 11000, keyValue: { email: 'a@example.com' } })
    expect(await users.countDocuments()).toBe(1)
  })

  it('missing fields count as null in a unique index: only one document may lack the field', async () => {
    const users = await usersWithUniqueEmail()
    await users.insertOne({ _id: 2 })
    const error = await rejection(users.insertOne({ _id: 3 }))
    expect(error).toMatchObject({ code: 11000, keyValue: { email: null } })
  })

  it('createIndex with unique over existing duplicates fails and creates nothing', async () => {
    const handles = connection.newCollection('handles')
    await handles.insertMany([{ handle: 'x' }, { handle: 'y' }, { handle: 'x' }])
    const error = await rejection(handles.createIndex({ handle: 1 }, { unique: true }))
    expect(error).toBeInstanceOf(MongoServerError)
    expect(error).toMatchObject({ code: 11000 })
    expect((error as MongoServerError).message).toContain('E11000 duplicate key error collection')
    expect((await handles.listIndexes().toArray()).map(index => index.name)).toEqual(['_id_'])
  })

  it('an ordered insertMany stops at the first duplicate', async () => {
    const users = await usersWithUniqueEmail()
    const documents = ['b', 'c', 'a', 'd', 'a'].map(local => ({ email: `${local}@example.com` }))
    const error = await rejection(users.insertMany(documents))
    expect(error).toBeInstanceOf(MongoBulkWriteError)
    const bulkError = error as MongoBulkWriteError
    expect(bulkError.code).toBe(11000)
    expect(bulkError.insertedCount).toBe(2)
    expect(writeErrorsOf(bulkError)).toHaveLength(1)
    expect(writeErrorsOf(bulkError)[0]).toMatchObject({ index: 2, code: 11000 })
    expect(writeErrorsOf(bulkError)[0]!.errmsg).toContain('dup key: { email: "a@example.com" }')
    expect(await users.distinct('email')).toEqual(['a@example.com', 'b@example.com', 'c@example.com'])
  })

  it('an unordered insertMany inserts everything else and reports each failing index', async () => {
    const users = await usersWithUniqueEmail()
    const documents = ['b', 'a', 'c', 'b', 'd'].map(local => ({ email: `${local}@example.com` }))
    const error = await rejection(users.insertMany(documents, { ordered: false }))
    expect(error).toBeInstanceOf(MongoBulkWriteError)
    const bulkError = error as MongoBulkWriteError
    expect(bulkError.insertedCount).toBe(3)
    expect(writeErrorsOf(bulkError).map(each => [each.index, each.code])).toEqual([[1, 11000], [3, 11000]])
    expect(Object.keys(bulkError.insertedIds).map(Number)).toEqual([0, 2, 4])
    expect(await users.distinct('email')).toEqual(['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'])
  })

  it.each([
    { ordered: true, inserted: 1, modified: 0, errorIndexes: [1], remaining: ['a@example.com', 'b@example.com'] },
    { ordered: false, inserted: 2, modified: 1, errorIndexes: [1], remaining: ['a@example.com', 'b@example.com', 'c@example.com'] },
  ])('bulkWrite (ordered: $ordered) reports a duplicate as a write error at its index', async ({ ordered, inserted, modified, errorIndexes, remaining }) => {
    const users = await usersWithUniqueEmail()
    const error = await rejection(users.bulkWrite([
      { insertOne: { document: { _id: 2, email: 'b@example.com' } } },
      { updateOne: { filter: { _id: 2 }, update: { $set: { email: 'a@example.com' } } } },
      { insertOne: { document: { _id: 3, email: 'c@example.com' } } },
      { updateOne: { filter: { _id: 1 }, update: { $set: { seen: true } } } },
    ], { ordered }))
    expect(error).toBeInstanceOf(MongoBulkWriteError)
    const bulkError = error as MongoBulkWriteError
    expect(writeErrorsOf(bulkError).map(each => each.index)).toEqual(errorIndexes)
    expect(writeErrorsOf(bulkError)[0]).toMatchObject({ code: 11000 })
    expect({ inserted: bulkError.result.insertedCount, modified: bulkError.result.modifiedCount }).toEqual({ inserted, modified })
    expect(await users.distinct('email')).toEqual(remaining)
  })
})
