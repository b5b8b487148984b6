import { createServer, type Socket } from 'node:net'
import { Catalog } from './engine/catalog.ts'
import { CursorRegistry } from './engine/cursor-registry.ts'
import { expireDocuments } from './engine/expire-documents.ts'
import type { ServerState } from './commands/command-context.ts'
import { serveConnection } from './connection.ts'
import { DurableStore } from './storage/durable-store.ts'

export interface EmbeddedMongoOptions {
  /** Where data lives (the app uses `$NUXT_DATA_DIR/mongo`); without it the server keeps data in memory only. */
  dataDir?: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** Write-ahead log size that triggers a snapshot and compaction (bytes). */
  compactAfterBytes?: number
  /** How often TTL indexes are enforced; mongod's default is 60 s. */
  ttlMonitorIntervalMs?: number
  log?: (message: string) => void
}

export interface EmbeddedMongo {
  /** `mongodb://127.0.0.1:<port>/`: what NUXT_MONGODB_URI would hold for a real server. */
  readonly uri: string
  readonly port: number
  readonly dataDir: string | undefined
  stop(): Promise<void>
}

const HOST = '127.0.0.1'
const CURSOR_SWEEP_MS = 60_000
const TTL_MONITOR_MS = 60_000
/**
 * How long after the last write the indexes apply the new entries they held back (see
 * SecondaryIndex.applyPending): during a burst they wait and take them in large sorted runs, after
 * it the next read need not pay for them (up to 16k entries; 15-20 ms measured for ~8-9k at 500k documents).
 */
const INDEX_SETTLE_MS = 25

/**
 * Starts a MongoDB-wire-compatible server on 127.0.0.1. With a data directory it recovers what is
 * there, takes the directory's lock, and publishes its connection string in `<dataDir>/uri`.
 */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const log = options.log ?? ((message: string) => console.warn(message))
  const catalog = new Catalog()
  const store = options.dataDir === undefined
    ? undefined
    : await DurableStore.open(
        { dir: options.dataDir, compactAfterBytes: options.compactAfterBytes, log },
        { apply: change => catalog.apply(change), capture: () => catalog.capture() },
      )
  const state: ServerState = { catalog, cursors: new CursorRegistry(), startedAt: new Date(), connections: { current: 0, totalCreated: 0 } }
  const sockets = new Set<Socket>()
  const served = new Set<Promise<void>>()
  const settleIndexes = setTimeout(() => catalog.applyPendingIndexEntries(), INDEX_SETTLE_MS).unref()
  const append = store ? (changes: Parameters<DurableStore['append']>[0]) => store.append(changes) : async () => {}
  const persist: typeof append = (changes) => {
    settleIndexes.refresh()
    return append(changes)
  }
  const server = createServer((socket) => {
    state.connections.current++
    const connectionId = ++state.connections.totalCreated
    sockets.add(socket)
    const done = serveConnection(socket, { state, connectionId, persist, log }).finally(() => {
      state.connections.current--
      sockets.delete(socket)
      served.delete(done)
    })
    served.add(done)
  })
  const sweep = setInterval(() => state.cursors.expireIdle(), CURSOR_SWEEP_MS).unref()
  const ttlMonitor = setInterval(() => {
    const changes = expireDocuments(catalog)
    if (changes.length > 0) persist(changes).catch(error => log(`embedded-mongo: TTL deletions could not be logged: ${(error as Error).message}`))
  }, options.ttlMonitorIntervalMs ?? TTL_MONITOR_MS).unref()
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 0, HOST, () => resolve())
    })
  }
  catch (error) {
    clearInterval(sweep)
    clearInterval(ttlMonitor)
    await store?.close()
    throw error
  }
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const uri = `mongodb://${HOST}:${port}/`
  await store?.lock.publishUri(uri)

  let stopping: Promise<void> | undefined
  const stop = () => stopping ??= (async () => {
    clearInterval(sweep)
    clearInterval(ttlMonitor)
    clearTimeout(settleIndexes)
    const closed = new Promise<void>(resolve => server.close(() => resolve()))
    for (const socket of sockets) socket.destroy()
    // In-flight commands finish (and their writes reach the log) before the store closes.
    await Promise.all([...served])
    await closed
    await store?.close()
  })()
  return { uri, port, dataDir: options.dataDir, stop }
}
