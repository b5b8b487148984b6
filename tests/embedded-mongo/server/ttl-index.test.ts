import { MongoClient } from 'mongodb'
import { expect, it } from 'vitest'
import { startEmbeddedMongo } from '../../../server/embedded-mongo/index.ts'

it('removes documents past a TTL index\'s expireAfterSeconds, as mongod\'s TTL monitor does', async () => {
  const server = await startEmbeddedMongo({ ttlMonitorIntervalMs: 50 })
  const client = new MongoClient(server.uri)
  try {
    const locks = client.db('app').collection('task_locks')
    await locks.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 })
    await locks.insertMany([
      { _id: 'expired' as never, expiresAt: new Date(Date.now() - 1000) },
      { _id: 'held' as never, expiresAt: new Date(Date.now() + 60_000) },
      { _id: 'no-date' as never, expiresAt: 'soon' },
    ])
    await expect.poll(async () => (await locks.find().toArray()).map(doc => doc._id), { timeout: 2000 }).toEqual(['held', 'no-date'])
  }
  finally {
    await client.close()
    await server.stop()
  }
})
