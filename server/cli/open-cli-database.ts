import { resolve } from 'node:path'
import { MongoClient, type Db } from 'mongodb'

export interface CliDatabase {
  db: Db
  /** Where the data is, for messages: the URI's host or the embedded data directory. */
  description: string
  close(): Promise<void>
}

/**
 * The database a command-line tool works on, configured like the app: NUXT_MONGODB_URI when set;
 * else the embedded server already running on $NUXT_DATA_DIR/mongo (the dev server's); else an
 * embedded server started here on that directory for as long as the tool runs.
 */
export async function openCliDatabase(env: NodeJS.ProcessEnv = process.env): Promise<CliDatabase> {
  const dbName = env.NUXT_MONGODB_DB || 'creatorino'
  let uri = env.NUXT_MONGODB_URI
  let description = 'NUXT_MONGODB_URI'
  let stopServer: (() => Promise<void>) | undefined
  if (!uri) {
    const dataDir = resolve(env.NUXT_DATA_DIR || '.data', 'mongo')
    const { readRunningServerUri, startEmbeddedMongo } = await import('../embedded-mongo/index.ts')
    uri = await readRunningServerUri(dataDir)
    description = `the running embedded server on ${dataDir}`
    if (!uri) {
      const server = await startEmbeddedMongo({ dataDir })
      uri = server.uri
      stopServer = () => server.stop()
      description = `an embedded server on ${dataDir}`
    }
  }
  const client = new MongoClient(uri, { appName: 'creatorino-cli', serverSelectionTimeoutMS: 5000 })
  try {
    await client.connect()
  }
  catch (error) {
    await stopServer?.()
    throw error
  }
  return {
    db: client.db(dbName),
    description: `${description}, database ${dbName}`,
    async close() {
      await client.close()
      await stopServer?.()
    },
  }
}
