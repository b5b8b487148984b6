import type { Db } from 'mongodb'
import { appendToChangeJournal, collectChanges } from '../domain/change-journal.ts'
import type { PipelineChange, PipelineOptions } from '../domain/pipeline-changes.ts'

let thisProcess: string | undefined

/** This server process in the change journal; made on first use (Workers forbid random values at start-up). */
export function thisProcessId(): string {
  return thisProcess ??= crypto.randomUUID()
}

/**
 * After a pipeline write in this process: purge the stale answers here at once, and journal the
 * changes so other processes purge theirs (server/plugins/change-journal-reader.ts).
 */
export async function publishPipelineChanges(db: Db, changes: PipelineChange[]): Promise<void> {
  if (changes.length === 0) return
  await purgeApiCache(changes)
  await appendToChangeJournal(db, thisProcessId(), changes)
}

/**
 * Runs pipeline writes with a listener, then publishes what they changed; also when they fail
 * half-way, since what was written before the failure is stale in the caches all the same.
 */
export async function publishingChanges<T>(db: Db, write: (options: PipelineOptions) => Promise<T>): Promise<T> {
  const changes = collectChanges()
  try {
    return await write({ onChange: changes.onChange })
  }
  finally {
    await publishPipelineChanges(db, changes.take())
  }
}
