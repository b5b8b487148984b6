import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { MongoClient, ObjectId } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { readRunningServerUri, startEmbeddedMongo } from '../../../server/embedded-mongo/index.ts'
import { useTempDirs } from '../temp-dir.ts'
import { exited, startServerProcess } from './server-process.ts'

const tempDir = useTempDirs()

async function withClient<T>(uri: string, use: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 })
  try {
    return await use(client)
  }
  finally {
    await client.close()
  }
}

describe('durability through the driver', () => {
  it('keeps documents, types and indexes across a clean restart', async () => {
    const dataDir = await tempDir()
    const id = new ObjectId()
    const first = await startEmbeddedMongo({ dataDir })
    await withClient(first.uri, async (client) => {
      const events = client.db('app').collection('timeline_events')
      await events.createIndex({ eventId: 1 }, { unique: true })
      await events.insertOne({ _id: id, eventId: 'e1', publishedAt: new Date('2026-01-02T03:04:05Z'), stats: { views: 12 }, tags: ['a', 'b'] })
      await events.updateOne({ eventId: 'e1' }, { $inc: { 'stats.views': 1 } })
      await events.insertOne({ eventId: 'gone' })
      await events.deleteOne({ eventId: 'gone' })
    })
    await first.stop()

    const second = await startEmbeddedMongo({ dataDir })
    await withClient(second.uri, async (client) => {
      const events = client.db('app').collection('timeline_events')
      expect(await events.find().toArray()).toEqual([
        { _id: id, eventId: 'e1', publishedAt: new Date('2026-01-02T03:04:05Z'), stats: { views: 13 }, tags: ['a', 'b'] },
      ])
      await expect(events.insertOne({ eventId: 'e1' })).rejects.toMatchObject({ code: 11000 })
    })
    await second.stop()
  })

  it('logs the _id it generated for documents sent without one, beside documents logged as sent', async () => {
    const dataDir = await tempDir()
    const first = await startEmbeddedMongo({ dataDir })
    // forceServerObjectId: the driver sends these without _id, in the same document sequence as one with an _id.
    const before = await withClient(first.uri, async (client) => {
      const events = client.db('app').collection<{ _id?: ObjectId | string, eventId: string }>('timeline_events')
      await events.insertMany([{ eventId: 'a' }, { _id: 'given', eventId: 'b' }, { eventId: 'c' }], { forceServerObjectId: true })
      return events.find().toArray()
    })
    await first.stop()
    expect(before.map(document => document._id instanceof ObjectId || document._id)).toEqual([true, 'given', true])

    const second = await startEmbeddedMongo({ dataDir })
    await withClient(second.uri, async (client) => {
      expect(await client.db('app').collection('timeline_events').find().toArray()).toEqual(before)
    })
    await second.stop()
  })

  it('publishes its connection string and refuses a second server on the same directory', async () => {
    const dataDir = await tempDir()
    const server = await startEmbeddedMongo({ dataDir })
    try {
      expect((await readFile(join(dataDir, 'uri'), 'utf8')).trim()).toBe(server.uri)
      expect(await readRunningServerUri(dataDir)).toBe(server.uri)
      await expect(startEmbeddedMongo({ dataDir })).rejects.toThrow(new RegExp(`in use by the embedded MongoDB server \\(pid ${process.pid}\\).*${server.uri.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`))
    }
    finally {
      await server.stop()
    }
    expect(await readRunningServerUri(dataDir)).toBeUndefined()
  })

  it('keeps every acknowledged write when the server is killed with SIGKILL mid-burst', async () => {
    const dataDir = await tempDir()
    const server = await startServerProcess(['--port', '0', '--data', dataDir])
    const acknowledged: number[] = []
    const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 2000, maxPoolSize: 4 })
    const events = client.db('app').collection<{ _id: number, at: Date }>('events')
    // Four writers keep inserts in flight so the kill lands in the middle of group commits.
    const writers = Array.from({ length: 4 }, async (_, writer) => {
      for (let n = writer; ; n += 4) {
        try {
          if (n % 40 === writer) await events.insertMany([{ _id: n, at: new Date() }, { _id: n + 100_000, at: new Date() }])
          else await events.insertOne({ _id: n, at: new Date() })
        }
        catch {
          return
        }
        acknowledged.push(n)
      }
    })
    await new Promise(resolve => setTimeout(resolve, 600))
    server.child.kill('SIGKILL')
    await exited(server.child)
    await Promise.all(writers)
    await client.close(true)
    expect(acknowledged.length).toBeGreaterThan(50)

    const restarted = await startEmbeddedMongo({ dataDir })
    try {
      await withClient(restarted.uri, async (reader) => {
        const stored = new Set((await reader.db('app').collection<{ _id: number }>('events').find({}, { projection: { _id: 1 } }).toArray()).map(doc => doc._id))
        const missing = acknowledged.filter(n => !stored.has(n))
        expect(missing).toEqual([])
      })
    }
    finally {
      await restarted.stop()
    }
  })
})
