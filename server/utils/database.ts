import { resolve } from 'node:path'
import type { H3Event } from 'h3'
import { MongoClient, type Db } from 'mongodb'

export type DatabaseEngine = 'embedded' | 'external'

export interface DatabaseConnection {
  client: MongoClient
  db: Db
  engine: DatabaseEngine
}

let connecting: Promise<DatabaseConnection> | undefined
let stopEmbedded: (() => Promise<void>) | undefined

/** The embedded server's connection string: the one already running on the data directory, or a new one. */
async function embeddedServerUri(dataDir: string): Promise<string> {
  const { readRunningServerUri, startEmbeddedMongo } = await import('#embedded-mongo')
  const running = await readRunningServerUri(dataDir)
  if (running) return running
  const server = await startEmbeddedMongo({ dataDir })
  stopEmbedded = () => server.stop()
  return server.uri
}

async function connect(): Promise<DatabaseConnection> {
  const config = useRuntimeConfig()
  const engine: DatabaseEngine = config.mongodbUri ? 'external' : 'embedded'
  const uri = config.mongodbUri || await embeddedServerUri(resolve(config.dataDir, 'mongo'))
  // One connection per request on Workers, so no pool there.
  const client = new MongoClient(uri, { appName: 'creatorino', serverSelectionTimeoutMS: 5000, connectTimeoutMS: 5000, ...(isRunningOnWorkers() ? { maxPoolSize: 1, minPoolSize: 0 } : {}) })
  await client.connect()
  return { client, db: client.db(config.mongodbDb), engine }
}

/** After a failed connection attempt, requests fail at once for this long instead of each waiting out a timeout. */
const FAIL_FAST_AFTER_FAILURE_MS = 10_000
let lastFailure: { at: number, error: Error } | undefined

/**
 * The database for a request. In Node: one lazily created client for the process; a failed attempt
 * is retried, at most once per 10 s. On Workers a socket cannot outlive its request, so each request
 * gets its own client, closed after the response (server/plugins/close-request-database.ts).
 */
export function useDatabase(event?: H3Event): Promise<DatabaseConnection> {
  if (isRunningOnWorkers()) {
    if (!event) throw new Error('useDatabase(event) needs the request on Workers')
    event.context.database ??= connect()
    return event.context.database
  }
  if (!connecting && lastFailure && Date.now() - lastFailure.at < FAIL_FAST_AFTER_FAILURE_MS) {
    return Promise.reject(lastFailure.error)
  }
  connecting ??= connect().then((connection) => {
    lastFailure = undefined
    return connection
  }, (error: Error) => {
    connecting = undefined
    lastFailure = { at: Date.now(), error }
    throw error
  })
  return connecting
}

export async function closeDatabase(): Promise<void> {
  const connection = await connecting?.catch(() => undefined)
  connecting = undefined
  await connection?.client.close()
  await stopEmbedded?.()
  stopEmbedded = undefined
}

/** NUXT_DEMO: explicit on/off wins; unset means on with the embedded engine, off with an external URI. */
export function isDemoEnabled(engine: DatabaseEngine): boolean {
  const setting = String(useRuntimeConfig().demo).toLowerCase()
  if (['1', 'true', 'on', 'yes'].includes(setting)) return true
  if (['0', 'false', 'off', 'no'].includes(setting)) return false
  return engine === 'embedded'
}
