import { MongoClient } from 'mongodb'
import { afterEach, expect, it, vi } from 'vitest'
import { Catalog } from '../../../server/embedded-mongo/engine/catalog.ts'
import { startEmbeddedMongo } from '../../../server/embedded-mongo/index.ts'

afterEach(() => {
  vi.restoreAllMocks()
})

it('has the indexes take the entries they held back once writes pause, before any read asks', async () => {
  const settled = vi.spyOn(Catalog.prototype, 'applyPendingIndexEntries')
  const server = await startEmbeddedMongo()
  const client = new MongoClient(server.uri)
  try {
    const events = client.db('app').collection('timeline_events')
    await events.createIndex({ creatorId: 1, publishedAt: -1 })
    settled.mockClear()
    await events.insertMany(Array.from({ length: 500 }, (_, i) => ({ creatorId: `cr_${i % 7}`, publishedAt: new Date(i * 1000) })))
    await expect.poll(() => settled.mock.calls.length, { timeout: 2000 }).toBeGreaterThan(0)
    const page = await events.find({ creatorId: 'cr_3' }).sort({ publishedAt: -1 }).limit(2).toArray()
    expect(page.map(event => event.publishedAt.getTime())).toEqual([493_000, 486_000])
  }
  finally {
    await client.close()
    await server.stop()
  }
})
