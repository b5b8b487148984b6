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

const CONNECT_TIMEOUT_MS = 5000
/**
 * A Workers request's client gives up about when the request does (database-read.ts answers 503 after
 * 1.5 s): its failure is then known soon enough for the isolate's next requests to fail fast.
 */
const WORKERS_REQUEST_CONNECT_TIMEOUT_MS = 2000

async function connect(timeoutMs = CONNECT_TIMEOUT_MS): Promise<DatabaseConnection> {
  const config = useRuntimeConfig()
  const engine: DatabaseEngine = config.mongodbUri ? 'external' : 'embedded'
  const uri = config.mongodbUri || await embeddedServerUri(resolve(config.dataDir, 'mongo'))
  // One connection per request on Workers, so no pool there.
  const client = new MongoClient(uri, { appName: 'creatorino', serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs, ...(isRunningOnWorkers() ? { maxPoolSize: 1, minPoolSize: 0 } : {}) })
  await client.connect()
  return { client, db: client.db(config.mongodbDb), engine }
}

/** After a failed connection attempt, requests fail at once for this long instead of each waiting out a timeout. */
const FAIL_FAST_AFTER_FAILURE_MS = 10_000
let lastFailure: { at: number, error: Error } | undefined

/** A connection attempt whose failure makes the next ones (in this process or isolate) fail fast for a while. */
function connectNoting(timeoutMs?: number): Promise<DatabaseConnection> {
  if (lastFailure && Date.now() - lastFailure.at < FAIL_FAST_AFTER_FAILURE_MS) return Promise.reject(lastFailure.error)
  return connect(timeoutMs).then((connection) => {
    lastFailure = undefined
    return connection
  }, (error: Error) => {
    lastFailure = { at: Date.now(), error }
    throw error
  })
}

/**
 * The database for a request. In Node: one lazily created client for the process; a failed attempt
 * is retried, at most once per 10 s. On Workers a socket cannot outlive its request, so each request
 * gets its own client, closed after the response (server/plugins/close-request-database.ts); a
 * failure seen by one request of the isolate makes the next ones answer 503 at once for 10 s too.
 */
export function useDatabase(event?: H3Event): Promise<DatabaseConnection> {
  if (isRunningOnWorkers()) {
    if (!event) throw new Error('useDatabase(event) needs the request on Workers; tasks use withTaskDatabase')
    event.context.database ??= connectNoting(WORKERS_REQUEST_CONNECT_TIMEOUT_MS)
    return event.context.database
  }
  connecting ??= connectNoting().catch((error: Error) => {
    connecting = undefined
    throw error
  })
  return connecting
}

/**
 * The database for a task run. In Node: the process's client. On Workers (a Cron Trigger, or an admin
 * request running a task): a client of the run's own, closed when the run ends, since a scheduled
 * event has no response to close it after.
 */
export async function withTaskDatabase<T>(run: (connection: DatabaseConnection) => Promise<T>): Promise<T> {
  if (!isRunningOnWorkers()) return run(await useDatabase())
  const connection = await connectNoting()
  try {
    return await run(connection)
  }
  finally {
    await connection.client.close()
  }
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
