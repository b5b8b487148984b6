import { Long, MongoServerError, type Collection, type CommandStartedEvent, type CommandSucceededEvent, type Document, type MongoClient } from 'mongodb'
import { beforeAll, expect, it } from 'vitest'
import { describeOnTargets, type TestDocument } from './targets.ts'

const DOCUMENT_COUNT = 100

/** Records the commands a client sends and the replies it gets, by command name. */
function watchCommands(client: MongoClient) {
  const started: CommandStartedEvent[] = []
  const succeeded: CommandSucceededEvent[] = []
  client.on('commandStarted', event => started.push(event))
  client.on('commandSucceeded', event => succeeded.push(event))
  return {
    sent: (name: string) => started.filter(event => event.commandName === name).map(event => event.command),
    replies: (name: string) => succeeded.filter(event => event.commandName === name).map(event => event.reply as Document),
    clear: () => {
      started.length = 0
      succeeded.length = 0
    },
  }
}

describeOnTargets('cursors', (connection) => {
  let name: string
  let client: MongoClient
  let watched: ReturnType<typeof watchCommands>
  let items: Collection<TestDocument>
  beforeAll(async () => {
    const seeded = connection.newCollection('items')
    name = seeded.collectionName
    await seeded.insertMany(Array.from({ length: DOCUMENT_COUNT }, (_, i) => ({ _id: i, label: `item ${i}` })))
    client = await connection.newClient({ monitorCommands: true })
    watched = watchCommands(client)
    items = client.db(connection.dbName).collection<TestDocument>(name)
  })

  it('pages through batches of 7: every document once, in order, over one find and 14 getMores', async () => {
    watched.clear()
    const seen: unknown[] = []
    for await (const document of items.find({}).sort({ _id: 1 }).batchSize(7)) seen.push(document._id)
    expect(seen).toEqual(Array.from({ length: DOCUMENT_COUNT }, (_, i) => i))
    expect(watched.sent('find')).toHaveLength(1)
    const getMores = watched.replies('getMore')
    expect(getMores).toHaveLength(14)
    expect(getMores.map(reply => reply.cursor.nextBatch.length)).toEqual([...Array(13).fill(7), 2])
    expect(Number(getMores.at(-1)!.cursor.id)).toBe(0)
  })

  it('hands out int64 (Long) cursor ids, the same one for every getMore', async () => {
    const cursor = items.find({}).batchSize(10)
    await cursor.next()
    const id = cursor.id
    expect(id).toBeInstanceOf(Long)
    expect(id!.isZero()).toBe(false)
    watched.clear()
    await cursor.toArray()
    const sentIds = watched.sent('getMore').map(command => command.getMore)
    expect(sentIds.length).toBeGreaterThan(0)
    expect(sentIds.every(sent => sent instanceof Long && sent.equals(id!))).toBe(true)
    expect(cursor.closed).toBe(true)
  })

  it('a result that fits the first batch comes back with cursor id 0 and no getMore', async () => {
    watched.clear()
    expect(await items.find({ _id: { $lt: 5 } }).toArray()).toHaveLength(5)
    expect(Number(watched.replies('find')[0]!.cursor.id)).toBe(0)
    expect(watched.sent('getMore')).toHaveLength(0)
  })

  it.each([
    { name: 'limit across batches', build: (c: Collection<TestDocument>) => c.find({}).sort({ _id: -1 }).limit(15).batchSize(7), expected: Array.from({ length: 15 }, (_, i) => 99 - i) },
    { name: 'skip and limit across batches', build: (c: Collection<TestDocument>) => c.find({}).sort({ _id: 1 }).skip(90).limit(20).batchSize(3), expected: Array.from({ length: 10 }, (_, i) => 90 + i) },
    { name: 'an aggregate cursor', build: (c: Collection<TestDocument>) => c.aggregate([{ $match: { _id: { $gte: 50 } } }, { $sort: { _id: 1 } }], { batchSize: 6 }), expected: Array.from({ length: 50 }, (_, i) => 50 + i) },
  ])('$name returns exactly the expected documents', async ({ build, expected }) => {
    expect((await build(items).toArray()).map(document => document._id)).toEqual(expected)
  })

  it('close() early kills the cursor on the server, after which getMore fails with CursorNotFound', async () => {
    const cursor = items.find({}).batchSize(5)
    await cursor.next()
    const id = cursor.id!
    watched.clear()
    await cursor.close()
    expect(watched.sent('killCursors').map(command => command.cursors.map(String))).toEqual([[id.toString()]])
    expect(watched.replies('killCursors')[0]!.cursorsKilled.map(String)).toEqual([id.toString()])
    const error = await connection.db.command({ getMore: id, collection: name }).catch((failure: unknown) => failure)
    expect(error).toBeInstanceOf(MongoServerError)
    expect(error).toMatchObject({ code: 43, codeName: 'CursorNotFound' })
  })

  it('getMore on an exhausted cursor fails with CursorNotFound', async () => {
    const reply = await connection.db.command({ find: name, batchSize: 60 }, { promoteLongs: false })
    const id = reply.cursor.id as Long
    expect(id.isZero()).toBe(false)
    const rest = await connection.db.command({ getMore: id, collection: name }, { promoteLongs: false })
    expect(rest.cursor.nextBatch).toHaveLength(40)
    expect((rest.cursor.id as Long).isZero()).toBe(true)
    await expect(connection.db.command({ getMore: id, collection: name })).rejects.toMatchObject({ code: 43 })
  })

  it('a cursor keeps paging, each document once, while the documents it covers are updated', async () => {
    const snapshot = connection.newCollection('snapshot')
    await snapshot.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: i, v: 'before' })))
    const cursor = snapshot.find({}).sort({ _id: 1 }).batchSize(5)
    const first = await cursor.next()
    await snapshot.updateMany({}, { $set: { v: 'after' } })
    const rest = await cursor.toArray()
    expect(first).toEqual({ _id: 0, v: 'before' })
    expect(rest.map(document => document._id)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1))
  })
})
