import type { Db } from 'mongodb'
import { appendToChangeJournal } from '../domain/change-journal.ts'
import type { PipelineChange } from '../domain/pipeline-changes.ts'

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
