import type { H3Event } from 'h3'
import type { DatabaseConnection } from '../utils/database.ts'

/** Work a request started that may outlive its response (a stale cache entry being refreshed). */
function backgroundWorkOf(event: H3Event): Promise<unknown>[] {
  return event.context.backgroundWork ??= []
}

/** Closes the request's client after its background work, without delaying the response; twice is harmless. */
function closeRequestDatabase(event: H3Event): void {
  const connection = event.context.database as Promise<DatabaseConnection> | undefined
  if (!connection) return
  const closing = Promise.allSettled(backgroundWorkOf(event))
    .then(() => connection)
    .then(({ client }) => client.close(), () => undefined)
  event.waitUntil?.(closing)
}

/**
 * Workers only: the per-request client is closed once the response is out, and only after the
 * request's background work (registered through event.waitUntil: Nitro's stale-while-revalidate
 * refreshes read the database after the stale answer was sent).
 */
export default defineNitroPlugin((nitroApp) => {
  if (!isRunningOnWorkers()) return
  nitroApp.hooks.hook('request', (event) => {
    const waitUntil = event.waitUntil?.bind(event)
    if (!waitUntil) return
    event.waitUntil = (promise: Promise<unknown>) => {
      backgroundWorkOf(event).push(promise)
      waitUntil(promise)
    }
  })
  nitroApp.hooks.hook('afterResponse', closeRequestDatabase)
  // An error answer (404, 503…) skips afterResponse. Waiting for its client there also lets a
  // connection attempt cut short by the 503 deadline run to its end, so that its failure makes the
  // isolate's next requests fail fast (server/utils/database.ts) instead of each waiting 1.5 s.
  nitroApp.hooks.hook('error', (_error, { event, tags }) => {
    if (event && Array.isArray(tags) && tags.includes('request')) closeRequestDatabase(event)
  })
})
