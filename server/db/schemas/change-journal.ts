import { z } from 'zod'

/**
 * What one pipeline run changed, for other processes' caches: each server process reads the
 * entries written since its last look and purges the answers they made stale.
 */
export const changeJournalEntrySchema = z.object({
  /** Which process wrote it, so that process skips its own entries (it purged already). */
  writer: z.string(),
  at: z.date(),
  creatorIds: z.array(z.string()),
  /** Those of `creatorIds` that left the public (being deleted); absent when none. */
  removedCreatorIds: z.array(z.string()).optional(),
  /** A trending ranking was (re)computed. */
  rankings: z.boolean(),
})
export type ChangeJournalEntry = z.infer<typeof changeJournalEntrySchema>
