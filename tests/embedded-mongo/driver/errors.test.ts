import { Long, MongoServerError, UUID, type Collection, type Db, type Document } from 'mongodb'
import { beforeEach, expect, it } from 'vitest'
import { describeOnTargets, type TestDocument } from './targets.ts'

/** The server's refusal: a failed command, or (for a raw write command, which resolves) its first write error. */
async function serverError(promise: Promise<unknown>): Promise<MongoServerError> {
  let reply: unknown
  try {
    reply = await promise
  }
  catch (error) {
    expect(error).toBeInstanceOf(MongoServerError)
    return error as MongoServerError
  }
  const writeError = (reply as { writeErrors?: Document[] } | undefined)?.writeErrors?.[0]
  if (writeError) return new MongoServerError(writeError)
  throw new Error('expected the server to refuse the command')
}

describeOnTargets('errors, as a standalone mongod answers them', (connection) => {
  let things: Collection<TestDocument>

  beforeEach(async () => {
    things = connection.newCollection('things')
    await things.insertMany([{ _id: 1, name: 'one', n: 1, s: 'text', nested: { a: 1 } }, { _id: 2, name: 'two', n: 2 }])
  })

  async function expectStillServing(): Promise<void> {
    expect(await connection.db.command({ ping: 1 })).toMatchObject({ ok: 1 })
    expect(await things.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, name: 'one', n: 1, s: 'text', nested: { a: 1 } },
      { _id: 2, name: 'two', n: 2 },
    ])
  }

  it('an unknown command fails with 59 CommandNotFound', async () => {
    expect(await serverError(connection.db.command({ frobnicate: 1 }))).toMatchObject({ code: 59, codeName: 'CommandNotFound' })
    await expectStillServing()
  })

  it.each<{ name: string, run: (c: Collection<TestDocument>) => Promise<unknown> }>([
    { name: 'updateOne with $set of _id', run: c => c.updateOne({ _id: 1 }, { $set: { _id: 99 } }) },
    { name: 'updateMany with $set of _id', run: c => c.updateMany({}, { $set: { _id: 99 } }) },
    { name: 'replaceOne with another _id', run: c => c.replaceOne({ _id: 1 }, { _id: 99, name: 'moved' }) },
    { name: 'findOneAndUpdate with $set of _id', run: c => c.findOneAndUpdate({ _id: 1 }, { $set: { _id: 99 } }) },
    { name: 'findOneAndReplace with another _id', run: c => c.findOneAndReplace({ _id: 2 }, { _id: 98 }) },
  ])('$name fails with 66 ImmutableField and changes nothing', async ({ run }) => {
    // A write error carries no codeName (mongod sends none); findAndModify fails as a command.
    expect(await serverError(run(things))).toMatchObject({ code: 66 })
    await expectStillServing()
  })

  it('replaceOne repeating the same _id is allowed', async () => {
    await things.replaceOne({ _id: 2 }, { _id: 2, name: 'two', n: 2 })
    await expectStillServing()
  })

  it('a transaction (txnNumber, startTransaction, autocommit, lsid) fails with 20 IllegalOperation', async () => {
    const command = {
      insert: things.collectionName,
      documents: [{ name: 'in a transaction' }],
      lsid: { id: new UUID() },
      txnNumber: Long.fromNumber(1),
      startTransaction: true,
      autocommit: false,
    }
    expect(await serverError(connection.db.command(command))).toMatchObject({ code: 20, codeName: 'IllegalOperation' })
    await expectStillServing()
  })

  it('session.withTransaction rejects and writes nothing', async () => {
    const session = connection.client.startSession()
    try {
      await expect(session.withTransaction(async () => {
        await things.insertOne({ name: 'in a transaction' }, { session })
      })).rejects.toThrow()
    }
    finally {
      await session.endSession()
    }
    await expectStillServing()
  })

  it.each<{ name: string, run: (c: Collection<TestDocument>, db: Db) => Promise<unknown>, code?: number }>([
    { name: 'an unknown update operator $foo', run: c => c.updateOne({ _id: 1 }, { $foo: { n: 1 } } as never), code: 9 },
    { name: 'an update mixing operators and fields', run: c => c.updateOne({ _id: 1 }, { $set: { n: 5 }, plain: 1 } as never) },
    { name: 'an unknown filter operator $bogus in find', run: c => c.find({ n: { $bogus: 1 } }).toArray(), code: 2 },
    { name: 'an unknown filter operator $bogus in an update', run: c => c.updateMany({ n: { $bogus: 1 } }, { $set: { x: 1 } }), code: 2 },
    { name: 'an unknown filter operator $bogus in a delete', run: c => c.deleteMany({ n: { $bogus: 1 } }), code: 2 },
    { name: 'an unknown top-level operator', run: c => c.find({ $bogus: [{ n: 1 }] }).toArray(), code: 2 },
    { name: 'a find sort value of 2', run: (c, db) => db.command({ find: c.collectionName, sort: { n: 2 } }) },
    { name: 'a $sort stage value of 2', run: c => c.aggregate([{ $sort: { n: 2 } }]).toArray() },
    { name: 'a $sort stage value of 2 after $group', run: c => c.aggregate([{ $group: { _id: '$n' } }, { $sort: { _id: 2 } }]).toArray() },
    { name: 'an unknown pipeline stage', run: c => c.aggregate([{ $bogusStage: {} }]).toArray() },
    { name: 'a stage with two fields', run: c => c.aggregate([{ $match: {}, $limit: 1 }]).toArray() },
    { name: '$inc with a string', run: c => c.updateOne({ _id: 1 }, { $inc: { n: 'x' } as never }), code: 14 },
    { name: '$inc of a string field', run: c => c.updateOne({ _id: 1 }, { $inc: { s: 1 } }), code: 14 },
    { name: '$set of a field inside a string', run: c => c.updateOne({ _id: 1 }, { $set: { 's.inner': 1 } }), code: 28 },
    { name: '$push onto a non-array', run: c => c.updateOne({ _id: 1 }, { $push: { name: 'x' } as never }), code: 2 },
    { name: '$addToSet onto a non-array', run: c => c.updateOne({ _id: 1 }, { $addToSet: { n: 3 } }), code: 2 },
    { name: '$pull from a non-array', run: c => c.updateOne({ _id: 1 }, { $pull: { name: 'x' } as never }), code: 2 },
    { name: '$pop from a non-array', run: c => c.updateOne({ _id: 1 }, { $pop: { name: 1 } }), code: 14 },
    { name: '$inc of a field inside a number', run: c => c.updateOne({ _id: 1 }, { $inc: { 'n.deeper': 1 } }), code: 28 },
    { name: 'conflicting update paths', run: c => c.updateOne({ _id: 1 }, { $set: { 'nested': 1, 'nested.a': 2 } }), code: 40 },
    { name: 'the same path in two operators', run: c => c.updateOne({ _id: 1 }, { $set: { n: 1 }, $inc: { n: 1 } }), code: 40 },
    { name: 'an array as _id', run: c => c.insertOne({ _id: [1, 2] as never }), code: 2 },
    { name: 'a negative skip', run: (c, db) => db.command({ find: c.collectionName, skip: -1 }) },
    { name: 'a delete limit of 5', run: (c, db) => db.command({ delete: c.collectionName, deletes: [{ q: {}, limit: 5 }] }) },
  ])('$name gives an error reply and the server keeps serving', async ({ run, code }) => {
    const error = await serverError(run(things, connection.db))
    if (code !== undefined) expect(error.code).toBe(code)
    await expectStillServing()
  })
})
