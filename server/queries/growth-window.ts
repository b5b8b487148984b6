import type { Db, Filter } from 'mongodb'
import { collectionsOf, type AccountPlatform, type GrowthSnapshotDocument } from '../db/index.ts'
import { addUtcDays } from '../domain/utc-day.ts'

export interface GrowthWindow {
  /** First and last UTC day of the window; `last` is the creator's latest recorded day. */
  first: Date
  last: Date
  /** Oldest first. */
  snapshots: Array<Pick<GrowthSnapshotDocument, 'platform' | 'date' | 'metrics'>>
}

/**
 * A creator's daily snapshots over the `days` ending at its latest recorded day (today while syncs
 * run; the last simulated day of the demo), so a chart never ends in a run of empty days. Both reads
 * walk the creator_series index.
 */
export async function findGrowthWindow(db: Db, creatorId: string, days: number, platform?: AccountPlatform): Promise<GrowthWindow | null> {
  const { growthStats } = collectionsOf(db)
  const filter: Filter<GrowthSnapshotDocument> = { creatorId }
  if (platform) filter.platform = platform
  const latest = await growthStats.find(filter, { projection: { _id: 0, date: 1 } }).sort({ date: -1 }).limit(1).next()
  if (!latest) return null
  const first = addUtcDays(latest.date, 1 - days)
  const snapshots = await growthStats.find({ ...filter, date: { $gte: first, $lte: latest.date } }, { projection: { _id: 0, platform: 1, date: 1, metrics: 1 } })
    .sort({ date: -1 })
    .toArray()
  return { first, last: latest.date, snapshots: snapshots.reverse() }
}

/** Every day from `first` to `last` inclusive. */
export function daysBetween(first: Date, last: Date): Date[] {
  const days: Date[] = []
  for (let day = first; day <= last; day = addUtcDays(day, 1)) days.push(day)
  return days
}
