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

/**
 * A Workers client lives for one request or task run. Its monitor polls instead of streaming: against
 * a MongoDB that streams (4.4+, Atlas) that saves an RTT-pinger connection per member once the client
 * is a few heartbeats old (a task run). Pool sizes as measured (README, bench:cf): a new connection
 * costs a handshake of several round trips, and a query that finds the pool busy waits for the new
 * connection it causes, not for the first one free. So an API request's queries queue on one
 * connection, and a page render, whose API calls (sub-requests) run at once, gets up to 3. Node
 * keeps the driver's defaults.
 */
const WORKERS_CLIENT_OPTIONS = { minPoolSize: 0, serverMonitoringMode: 'poll' } as const
const PAGE_RENDER_POOL_SIZE = 3

async function connect(timeoutMs = CONNECT_TIMEOUT_MS, maxPoolSize = 1): Promise<DatabaseConnection> {
  const config = useRuntimeConfig()
  const engine: DatabaseEngine = config.mongodbUri ? 'external' : 'embedded'
  const uri = config.mongodbUri || await embeddedServerUri(resolve(config.dataDir, 'mongo'))
  const client = new MongoClient(uri, { appName: 'creatorino', serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs, ...(isRunningOnWorkers() ? { ...WORKERS_CLIENT_OPTIONS, maxPoolSize } : {}) })
  await client.connect()
  return { client, db: client.db(config.mongodbDb), engine }
}

/** After a failed connection attempt, requests fail at once for this long instead of each waiting out a timeout. */
const FAIL_FAST_AFTER_FAILURE_MS = 10_000
let lastFailure: { at: number, error: Error } | undefined

/** A connection attempt whose failure makes the next ones (in this process or isolate) fail fast for a while. */
function connectNoting(timeoutMs?: number, maxPoolSize?: number): Promise<DatabaseConnection> {
  if (lastFailure && Date.now() - lastFailure.at < FAIL_FAST_AFTER_FAILURE_MS) return Promise.reject(lastFailure.error)
  return connect(timeoutMs, maxPoolSize).then((connection) => {
    lastFailure = undefined
    return connection
  }, (error: Error) => {
    lastFailure = { at: Date.now(), error }
    throw error
  })
}

/**
 * What one incoming Workers request does with the database, shared by all its H3 events: server-side
 * rendering calls the API through Nitro's local fetch, and each call is an event of its own. They
 * all carry the incoming request's platform context (`event.context.cloudflare`, the same object, with
 * the same `request`), which is how they find this; another incoming request never does.
 */
export interface RequestDatabase {
  /** The incoming request's own event: the only one that closes the client. */
  owner: H3Event
  connection?: Promise<DatabaseConnection>
  /** Work any of its events handed to waitUntil: it may still read the database after the response. */
  backgroundWork: Promise<unknown>[]
  /** Set once the owner's response is out: the client closes when the background work is done. */
  closing?: boolean
}

const requestDatabases = new WeakMap<object, RequestDatabase>()

/** The incoming request an event serves: its own, or the one whose rendering fetched it. */
function incomingRequestOf(event: H3Event): object {
  return event.context.cloudflare?.request ?? event
}

/** The incoming request's shared database state; the first event that asks (the request's own) owns it. */
export function requestDatabaseOf(event: H3Event): RequestDatabase {
  const request = incomingRequestOf(event)
  let shared = requestDatabases.get(request)
  if (!shared) requestDatabases.set(request, shared = { owner: event, backgroundWork: [] })
  return shared
}

/**
 * The database for a request. In Node: one lazily created client for the process; a failed attempt
 * is retried, at most once per 10 s. On Workers a socket cannot outlive its request, so each incoming
 * request gets its own client, shared with the API calls its rendering makes and closed after the
 * response (server/plugins/close-request-database.ts); a failure seen by one request of the isolate
 * makes the next ones answer 503 at once for 10 s too.
 */
export function useDatabase(event?: H3Event): Promise<DatabaseConnection> {
  if (isRunningOnWorkers()) {
    if (!event) throw new Error('useDatabase(event) needs the request on Workers; tasks use withTaskDatabase')
    const shared = requestDatabaseOf(event)
    // First asked by a sub-request (its own context, unlike the stand-in event of a cached handler): a page render.
    const renderingPage = event.context !== shared.owner.context
    return shared.connection ??= connectNoting(WORKERS_REQUEST_CONNECT_TIMEOUT_MS, renderingPage ? PAGE_RENDER_POOL_SIZE : 1)
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
