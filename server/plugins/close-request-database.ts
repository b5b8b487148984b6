import type { DatabaseConnection } from '../utils/database.ts'

/** Workers only: the per-request client is closed once the response is out, without delaying it. */
export default defineNitroPlugin((nitroApp) => {
  if (!isRunningOnWorkers()) return
  nitroApp.hooks.hook('afterResponse', (event) => {
    const connection = event.context.database as Promise<DatabaseConnection> | undefined
    if (!connection) return
    const closing = connection.then(({ client }) => client.close(), () => undefined)
    event.waitUntil?.(closing)
  })
})
