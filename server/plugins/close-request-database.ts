import type { H3Event } from 'h3'
import type { DatabaseConnection } from '../utils/database.ts'

/** Work a request started that may outlive its response (a stale cache entry being refreshed). */
function backgroundWorkOf(event: H3Event): Promise<unknown>[] {
  return event.context.backgroundWork ??= []
}

/**
 * Workers only: the per-request client is closed once the response is out, without delaying it,
 * and only after the request's background work (registered through event.waitUntil: Nitro's
 * stale-while-revalidate refreshes read the database after the stale answer was sent).
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
  nitroApp.hooks.hook('afterResponse', (event) => {
    const connection = event.context.database as Promise<DatabaseConnection> | undefined
    if (!connection) return
    const closing = Promise.allSettled(backgroundWorkOf(event))
      .then(() => connection)
      .then(({ client }) => client.close(), () => undefined)
    event.waitUntil?.(closing)
  })
})
