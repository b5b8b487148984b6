import type { Db } from 'mongodb'
import { collectionsOf, OVERALL_CATEGORY, type TrendingCategory, type TrendingPeriod, type TrendingRankingDocument } from '../db/index.ts'
import { addUtcDays, utcDayKey } from '../domain/utc-day.ts'

export const SPARKLINE_DAYS = 30

/** The latest ranking of a category (or `overall`) and period; null before the first is computed. Reads the latest_ranking index. */
export function findLatestRanking(db: Db, category: TrendingCategory = OVERALL_CATEGORY, period: TrendingPeriod): Promise<TrendingRankingDocument | null> {
  return collectionsOf(db).trendingData.findOne({ category, period }, { sort: { date: -1 }, projection: { _id: 0 } })
}

/** The latest ranking of every category and period, in one read of the latest day. */
export async function findLatestRankings(db: Db, period: TrendingPeriod): Promise<TrendingRankingDocument[]> {
  const { trendingData } = collectionsOf(db)
  const latest = await trendingData.findOne({ category: OVERALL_CATEGORY, period }, { sort: { date: -1 }, projection: { _id: 0, date: 1 } })
  if (!latest) return []
  return trendingData.find({ date: latest.date, period }, { projection: { _id: 0 } }).toArray()
}

/**
 * Each creator's daily audience (YouTube subscribers + Twitch followers, known parts only) over the
 * 30 days ending at `lastDay`, oldest first, null for a day without a snapshot: one query for a whole
 * ranking page.
 */
export async function findSparklines(db: Db, creatorIds: string[], lastDay: Date): Promise<Map<string, Array<number | null>>> {
  const firstDay = addUtcDays(lastDay, 1 - SPARKLINE_DAYS)
  const snapshots = await collectionsOf(db).growthStats.find(
    { creatorId: { $in: creatorIds }, date: { $gte: firstDay, $lte: lastDay } },
    { projection: { '_id': 0, 'creatorId': 1, 'platform': 1, 'date': 1, 'metrics.subscribers': 1, 'metrics.followers': 1 } },
  ).toArray()
  const dayIndex = (date: Date) => Math.round((date.getTime() - firstDay.getTime()) / 86_400_000)
  const lines = new Map(creatorIds.map(id => [id, Array.from<number | null>({ length: SPARKLINE_DAYS }).fill(null)]))
  for (const snapshot of snapshots) {
    const audience = snapshot.platform === 'youtube' ? snapshot.metrics.subscribers : snapshot.metrics.followers
    const line = lines.get(snapshot.creatorId)
    const index = dayIndex(snapshot.date)
    if (!line || audience === null || index < 0 || index >= SPARKLINE_DAYS) continue
    line[index] = (line[index] ?? 0) + audience
  }
  return lines
}

export const rankingDay = (ranking: TrendingRankingDocument | null) => ranking ? utcDayKey(ranking.date) : null
