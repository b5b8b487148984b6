import type { H3Event } from 'h3'

/** Resolves once every piece of work settled, including work added while waiting (a refresh writing its result to KV). */
async function allSettled(work: Promise<unknown>[]): Promise<void> {
  for (let count = -1; count !== work.length;) {
    count = work.length
    await Promise.allSettled(work)
  }
}

/**
 * Closes the incoming request's client after all the background work of its events, without delaying
 * the response. Only the request's own event closes it: an API call made while rendering it ends first.
 */
function closeRequestDatabase(event: H3Event, keepAlive: (promise: Promise<unknown>) => void): void {
  const shared = requestDatabaseOf(event)
  if (shared.owner !== event || shared.closing) return
  shared.closing = true
  keepAlive(allSettled(shared.backgroundWork)
    .then(() => shared.connection)
    .then(connection => connection?.client.close(), () => undefined))
}

/**
 * Workers only: an incoming request's client (server/utils/database.ts, shared with the API calls its
 * server-side rendering makes) is closed once the response is out, and only after the background
 * work of all its events (event.waitUntil: Nitro's stale-while-revalidate refreshes read the database
 * after the stale answer was sent, and write to KV after that).
 */
export default defineNitroPlugin((nitroApp) => {
  if (!isRunningOnWorkers()) return
  const keepAliveOf = new WeakMap<H3Event, (promise: Promise<unknown>) => void>()
  nitroApp.hooks.hook('request', (event) => {
    const waitUntil = event.waitUntil?.bind(event)
    if (!waitUntil) return
    const shared = requestDatabaseOf(event)
    keepAliveOf.set(event, waitUntil)
    event.waitUntil = (promise: Promise<unknown>) => {
      shared.backgroundWork.push(promise)
      waitUntil(promise)
    }
  })
  const close = (event: H3Event) => {
    const keepAlive = keepAliveOf.get(event)
    if (keepAlive) closeRequestDatabase(event, keepAlive)
  }
  nitroApp.hooks.hook('afterResponse', close)
  // An error answer (404, 503…) skips afterResponse. Waiting for its client there also lets a
  // connection attempt cut short by the 503 deadline run to its end, so that its failure makes the
  // isolate's next requests fail fast (server/utils/database.ts) instead of each waiting 1.5 s.
  nitroApp.hooks.hook('error', (_error, { event, tags }) => {
    if (event && Array.isArray(tags) && tags.includes('request')) close(event)
  })
})
