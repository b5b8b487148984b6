import { simulateDemoWorld } from '../demo/simulate-demo-world.ts'
import { appendToChangeJournal, collectChanges } from '../domain/change-journal.ts'
import { utcDayKey } from '../domain/utc-day.ts'
import { openCliDatabase } from './open-cli-database.ts'
import { progressReporter } from './progress-reporter.ts'

/**
 * `npm run db:seed`: fills the database with the demo world, or brings an existing demo world up to
 * yesterday. Safe to repeat; a database holding other data is left alone.
 */
async function seed(): Promise<number> {
  const database = await openCliDatabase()
  const progress = progressReporter()
  const startedAt = performance.now()
  try {
    console.error(`Seeding the demo world into ${database.description}`)
    const changes = collectChanges()
    const outcome = await simulateDemoWorld(database.db, {
      onChange: changes.onChange,
      onProgress: ({ day, done, total }) => progress.update(done, total, `simulated ${utcDayKey(day)}`),
    })
    // A running server purges the answers this made stale within a minute.
    await appendToChangeJournal(database.db, 'db-seed', changes.take())
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1)
    switch (outcome.status) {
      case 'not-a-demo-database':
        progress.finish('The database already holds creators that are not from the demo world: nothing was written.')
        return 1
      case 'up-to-date':
        progress.finish(`The demo world is up to date (last simulated day ${utcDayKey(outcome.lastSimulatedDay!)}).`)
        return 0
      default: {
        const counts = await Promise.all(['creators', 'timeline_events', 'growth_stats', 'trending_data'].map(async name => `${name} ${await database.db.collection(name).countDocuments()}`))
        progress.finish(`Simulated ${outcome.daysSimulated} days in ${seconds} s (${utcDayKey(outcome.firstDay!)} to ${utcDayKey(outcome.lastSimulatedDay!)}): ${counts.join(', ')}.`)
        return 0
      }
    }
  }
  finally {
    await database.close()
  }
}

try {
  process.exitCode = await seed()
}
catch (error) {
  console.error(`db:seed failed: ${(error as Error).message}`)
  process.exitCode = 1
}
