import { ChangeJournalReader } from '../domain/change-journal.ts'

/** Every 15 s, so another process's write shows within the promised 60 s with room to spare. */
const READ_EVERY_MS = 15_000
/** Entries are read this far back, for writers whose clocks run behind ours. */
const CLOCK_SKEW_MS = 30_000

/**
 * Node server: purges this process's cached answers made stale by pipeline runs in other processes
 * (`npm run db:seed`, a sync running elsewhere). A database that is down is simply read again
 * later; the cache keeps serving meanwhile. Workers share one KV cache, purged by whoever writes.
 */
export default defineNitroPlugin((nitroApp) => {
  if (isRunningOnWorkers()) return
  const reader = new ChangeJournalReader(thisProcessId(), CLOCK_SKEW_MS)
  let reading: Promise<void> | undefined
  const timer = setInterval(() => {
    reading ??= (async () => {
      try {
        const { db } = await useDatabase()
        await purgeApiCache(await reader.readNew(db))
      }
      catch {
        // Unreachable database: the next tick tries again.
      }
      finally {
        reading = undefined
      }
    })()
  }, READ_EVERY_MS)
  timer.unref?.()
  nitroApp.hooks.hook('close', () => clearInterval(timer))
})
