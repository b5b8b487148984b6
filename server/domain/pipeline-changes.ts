import type { TrendingCategory, TrendingPeriod } from '../db/index.ts'

/**
 * What the pipeline tells its listener after a write, so caches of the affected reads can be purged.
 * `removed`: the creator left the public (being deleted), so whatever still resolves its slugs to it
 * must forget them too.
 */
export type PipelineChange
  = | { kind: 'creator', creatorId: string, removed?: true }
    | { kind: 'ranking', date: Date, category: TrendingCategory, period: TrendingPeriod }

export type ChangeListener = (change: PipelineChange) => void

export interface PipelineOptions {
  onChange?: ChangeListener
}

/** Calls the listener once per distinct creator. */
export function announceCreatorChanges(creatorIds: Iterable<string>, options: PipelineOptions): void {
  if (!options.onChange) return
  for (const creatorId of new Set(creatorIds)) options.onChange({ kind: 'creator', creatorId })
}
