import type { AnyBulkWriteOperation, Db } from 'mongodb'
import { collectionsOf, type TrendingRankingDocument } from '../../db/index.ts'
import { sameValue } from '../same-value.ts'
import { addUtcDays } from '../utc-day.ts'

const rankingKey = (ranking: Pick<TrendingRankingDocument, 'category' | 'period' | 'date'>, dayShift = 0) =>
  `${ranking.category}:${ranking.period}:${addUtcDays(ranking.date, dayShift).getTime()}`

/**
 * Takes a creator out of every stored ranking and closes the gap, so no page shows "1, 2, 4": the
 * creators below it move up a rank, and the next day's `previousRank`s follow that day's renumbering.
 * Returns how many rankings held the creator.
 */
export async function removeFromRankings(db: Db, creatorId: string): Promise<number> {
  const { trendingData } = collectionsOf(db)
  const holding = await trendingData.find({ 'rankings.creatorId': creatorId }).toArray()
  if (holding.length === 0) return 0
  const rankThen = new Map(holding.map(ranking => [rankingKey(ranking), ranking.rankings.find(entry => entry.creatorId === creatorId)!.rank]))
  const nextDays = [...new Set(holding.map(ranking => addUtcDays(ranking.date, 1).getTime()))].map(time => new Date(time))
  const following = await trendingData.find({ date: { $in: nextDays } }).toArray()
  const affected = new Map([...holding, ...following].map(ranking => [rankingKey(ranking), ranking]))
  const operations: AnyBulkWriteOperation<TrendingRankingDocument>[] = []
  for (const ranking of affected.values()) {
    const rankTheDayBefore = rankThen.get(rankingKey(ranking, -1))
    const rankings = ranking.rankings
      .filter(entry => entry.creatorId !== creatorId)
      .map((entry, i) => ({
        ...entry,
        rank: i + 1,
        previousRank: entry.previousRank !== null && rankTheDayBefore !== undefined && entry.previousRank > rankTheDayBefore ? entry.previousRank - 1 : entry.previousRank,
      }))
    if (sameValue(rankings, ranking.rankings)) continue
    const { date, category, period } = ranking
    operations.push({ updateOne: { filter: { date, category, period }, update: { $set: { rankings } } } })
  }
  if (operations.length > 0) await trendingData.bulkWrite(operations, { ordered: false })
  return holding.length
}
