import { sameValue } from '../same-value.ts'
import type { AnyBulkWriteOperation, Db } from 'mongodb'
import { collectionsOf, creatorStatsSchema, type CreatorDocument, type CreatorStats } from '../../db/index.ts'
import { findByValues } from '../bulk-access.ts'
import { announceCreatorChanges, type PipelineOptions } from '../pipeline-changes.ts'
import { addUtcDays, startOfUtcDay } from '../utc-day.ts'
import { audienceOf, comparableGrowth, latestSnapshots } from './audience-growth.ts'
import { platformStatsOf, sortKeysOf } from './platform-stats.ts'

const GROWTH_PERIOD_DAYS = 30
const AVERAGE_OVER_UPLOADS = 20
const PARALLEL_QUERIES = 8

/** A day of slack at either end, for a snapshot that came in late. */
function daysAround(day: Date): Date[] {
  return [day, addUtcDays(day, -1)]
}

async function recentGrowthByCreator(db: Db, day: Date, creatorIds: string[]): Promise<Map<string, number | null>> {
  const then = addUtcDays(day, -GROWTH_PERIOD_DAYS)
  const snapshots = await collectionsOf(db).growthStats
    .find({ date: { $in: [...daysAround(day), ...daysAround(then)] } }, { projection: { creatorId: 1, platform: 1, date: 1, metrics: 1 } })
    .toArray()
  const wanted = new Set(creatorIds)
  const relevant = snapshots.filter(snapshot => wanted.has(snapshot.creatorId))
  const now = latestSnapshots(relevant.filter(snapshot => snapshot.date >= addUtcDays(day, -1)))
  const before = latestSnapshots(relevant.filter(snapshot => snapshot.date <= then))
  const growth = new Map<string, number | null>()
  for (const creatorId of creatorIds) growth.set(creatorId, comparableGrowth(before.get(creatorId), now.get(creatorId), audienceOf)?.rate ?? null)
  return growth
}

async function averageViewsOf(db: Db, creatorId: string): Promise<number | null> {
  const uploads = await collectionsOf(db).timelineEvents
    .find({ creatorId, type: 'video_upload' }, { projection: { 'metrics.views': 1 } })
    .sort({ publishedAt: -1, eventId: -1 })
    .limit(AVERAGE_OVER_UPLOADS)
    .toArray()
  const views = uploads.map(upload => upload.metrics.views).filter(value => value !== null)
  return views.length === 0 ? null : Math.round(views.reduce((sum, value) => sum + value, 0) / views.length)
}

async function averageViewsByCreator(db: Db, creatorIds: string[]): Promise<Map<string, number | null>> {
  const averages = new Map<string, number | null>()
  for (let start = 0; start < creatorIds.length; start += PARALLEL_QUERIES) {
    const batch = creatorIds.slice(start, start + PARALLEL_QUERIES)
    const values = await Promise.all(batch.map(creatorId => averageViewsOf(db, creatorId)))
    batch.forEach((creatorId, i) => averages.set(creatorId, values[i]!))
  }
  return averages
}

/** Rounded to 0.01 %: finer digits are noise, and stable values keep re-runs from rewriting. */
function roundedPercent(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100
}

/**
 * Recomputes `stats` and `sortKeys` of the given creators (all by default) as of `day`: audience,
 * views and videos from the platform accounts, 30-day audience growth from the snapshots, average
 * views over the last 20 uploads. Unknown stays null. Writes only what changed.
 */
export async function updateCreatorStats(db: Db, { day, creatorIds, at }: { day?: Date, creatorIds?: string[], at?: Date } = {}, options: PipelineOptions = {}): Promise<number> {
  const now = at ?? new Date()
  const asOf = startOfUtcDay(day ?? now)
  const { creators } = collectionsOf(db)
  const projection = { creatorId: 1, platforms: 1, stats: 1, sortKeys: 1 }
  const stored = creatorIds
    ? await findByValues(creators, 'creatorId', creatorIds, { projection })
    : await creators.find({}, { projection }).toArray()
  const ids = stored.map(creator => creator.creatorId)
  const [growth, averageViews] = await Promise.all([recentGrowthByCreator(db, asOf, ids), averageViewsByCreator(db, ids)])
  const operations: AnyBulkWriteOperation<CreatorDocument>[] = []
  const changed: string[] = []
  for (const creator of stored) {
    const stats: CreatorStats = creatorStatsSchema.parse({
      ...platformStatsOf(creator.platforms),
      recentGrowth: roundedPercent(growth.get(creator.creatorId) ?? null),
      averageViews: averageViews.get(creator.creatorId) ?? null,
    })
    const sortKeys = sortKeysOf(stats)
    if (sameValue(stats, creator.stats) && sameValue(sortKeys, creator.sortKeys)) continue
    operations.push({ updateOne: { filter: { creatorId: creator.creatorId }, update: { $set: { stats, sortKeys, updatedAt: now }, $inc: { revision: 1 } } } })
    changed.push(creator.creatorId)
  }
  if (operations.length > 0) await creators.bulkWrite(operations, { ordered: false })
  announceCreatorChanges(changed, options)
  return changed.length
}
