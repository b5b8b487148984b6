import { ensureIndexes } from '../db/index.ts'
import { simulateDemoWorld } from '../demo/simulate-demo-world.ts'
import { collectChanges } from '../domain/change-journal.ts'

const RETRY_AFTER_FAILURE_MS = 30_000
/** The demo world lives on: each check simulates the days since its last simulated day (usually none). */
const DEMO_CATCH_UP_EVERY_MS = 60 * 60 * 1000

async function prepareDatabase(): Promise<void> {
  // The hourly catch-up of a database that is already serving only advances the demo world, quietly:
  // its indexes exist and health keeps saying ready.
  const catchingUp = databaseReadiness().phase === 'ready'
  const report = catchingUp ? () => {} : setDatabaseReadiness
  report({ phase: 'preparing', detail: 'connecting to the database' })
  const { db, engine } = await useDatabase()
  if (!catchingUp) {
    report({ phase: 'preparing', detail: 'creating indexes' })
    await ensureIndexes(db)
  }
  if (isDemoEnabled(engine)) {
    const changes = collectChanges()
    await simulateDemoWorld(db, {
      onChange: changes.onChange,
      onProgress: ({ done, total }) => report({ phase: 'preparing', detail: `simulating the demo world: day ${done} of ${total}`, progress: total > 0 ? done / total : 1 }),
    })
    await publishPipelineChanges(db, changes.take())
  }
  setDatabaseReadiness({ phase: 'ready' })
}

/**
 * At start-up, in the background so the server answers at once: connect, create indexes idempotently
 * and, when the demo is on, fill or advance the demo world. /api/health reports the progress.
 */
export default defineNitroPlugin((nitroApp) => {
  // On Workers nothing may outlive a request; indexes and the demo are not run from there.
  if (isRunningOnWorkers()) {
    setDatabaseReadiness({ phase: 'ready' })
    return
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  let closing = false
  let current: Promise<void>
  const runAgainIn = (ms: number) => {
    if (closing) return
    timer = setTimeout(() => {
      current = run()
    }, ms)
    timer.unref?.()
  }
  const run = async (): Promise<void> => {
    try {
      await prepareDatabase()
      runAgainIn(DEMO_CATCH_UP_EVERY_MS)
    }
    catch (error) {
      if (closing) return
      console.error('[creatorino] preparing the database failed; retrying in 30 s:', error)
      setDatabaseReadiness({ phase: 'failed', detail: (error as Error).message })
      runAgainIn(RETRY_AFTER_FAILURE_MS)
    }
  }
  current = run()
  nitroApp.hooks.hook('close', async () => {
    closing = true
    clearTimeout(timer)
    await current
    await closeDatabase()
  })
})
