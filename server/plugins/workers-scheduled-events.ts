import { ensureIndexes } from '../db/index.ts'
import { TASK_SCHEDULE } from '../sync/task-schedule.ts'

/**
 * Workers only: each Cron Trigger's event (Nitro runs the cron's tasks beside this hook) is logged,
 * and the first one an isolate sees ensures the indexes: a Workers deployment has no start-up to
 * create them in, and some of the tasks that fire every few minutes do nothing without platform keys.
 */
export default defineNitroPlugin((nitroApp) => {
  if (!isRunningOnWorkers()) return
  let indexesEnsured = false
  nitroApp.hooks.hook('cloudflare:scheduled', async ({ controller }) => {
    writeJsonLog({ level: 'info', msg: 'cron', cron: controller.cron, tasks: TASK_SCHEDULE[controller.cron] ?? [] })
    if (indexesEnsured) return
    try {
      await withTaskDatabase(({ db }) => ensureIndexes(db))
      indexesEnsured = true
    }
    catch (error) {
      writeJsonLog({ level: 'error', msg: 'ensuring the indexes failed; the next Cron Trigger tries again', cause: (error as Error).message })
    }
  })
})
