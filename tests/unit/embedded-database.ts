import { randomBytes } from 'node:crypto'
import { MongoClient, type Db, type Document } from 'mongodb'
import { afterAll, beforeAll } from 'vitest'
import { COLLECTION_NAMES, ensureIndexes } from '../../server/db/index.ts'
import { startEmbeddedMongo, type EmbeddedMongo } from '../../server/embedded-mongo/index.ts'

/** One in-memory embedded server per test file; each `freshDb()` is a new empty database with the app's indexes. */
export function useEmbeddedDatabase(): { freshDb(): Promise<Db> } {
  let server: EmbeddedMongo | undefined
  let client: MongoClient | undefined
  beforeAll(async () => {
    server = await startEmbeddedMongo()
    client = await new MongoClient(server.uri).connect()
  })
  afterAll(async () => {
    await client?.close()
    await server?.stop()
  })
  return {
    async freshDb() {
      if (!client) throw new Error('freshDb() is for tests and hooks only')
      const db = client.db(`test_${randomBytes(6).toString('hex')}`)
      await ensureIndexes(db)
      return db
    },
  }
}

/** Every document of the app's collections without `_id`, in a stable order: to compare whole databases. */
export async function contentsOf(db: Db, { except = [] }: { except?: string[] } = {}): Promise<Record<string, Document[]>> {
  const contents: Record<string, Document[]> = {}
  for (const name of Object.values(COLLECTION_NAMES)) {
    const documents = await db.collection(name).find({}, { projection: { _id: name === COLLECTION_NAMES.pipelineState ? 1 : 0 } }).toArray()
    contents[name] = documents
      .filter(document => !except.includes(String(document._id)))
      .map(document => JSON.stringify(document))
      .sort()
      .map(text => JSON.parse(text) as Document)
  }
  return contents
}
