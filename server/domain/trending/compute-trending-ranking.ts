import { sameValue } from '../same-value.ts'
import type { AnyBulkWriteOperation, Db } from 'mongodb'
import {
  collectionsOf, CREATOR_CATEGORIES, OVERALL_CATEGORY, PUBLIC_CREATORS, TRENDING_PERIODS, trendingRankingSchema,
  type DataSource, type TrendingCategory, type TrendingEntry, type TrendingPeriod, type TrendingRankingDocument,
} from '../../db/index.ts'
import { audienceOf, comparableGrowth, latestSnapshots } from '../creator-stats/audience-growth.ts'
import type { PipelineOptions } from '../pipeline-changes.ts'
import { bulkWriteToleratingRaces } from '../bulk-access.ts'
import { snapshotsNear } from '../snapshots/snapshots-near.ts'
import { addUtcDays, startOfUtcDay } from '../utc-day.ts'
import { trendingScore } from './trending-score.ts'

const PERIOD_DAYS: Record<TrendingPeriod, number> = { '7d': 7, '30d': 30 }
const MAX_RANKED = 500

interface Candidate {
  creatorId: string
  category: TrendingCategory
  dataSource: DataSource
  score: number
  growthRate: number
  viewGrowthRate: number | null
  audienceGain: number
}

type Snapshots = Awaited<ReturnType<typeof loadSnapshots>>

/** Snapshots of the day and of each period's start, a day earlier for creators missing one. */
async function loadSnapshots(db: Db, day: Date) {
  const startOf = (period: TrendingPeriod) => addUtcDays(day, -PERIOD_DAYS[period])
  const byDay = await snapshotsNear(db, [day, ...TRENDING_PERIODS.map(startOf)], 1)
  return {
    now: latestSnapshots(byDay.get(day.getTime()) ?? []),
    start: (period: TrendingPeriod) => latestSnapshots(byDay.get(startOf(period).getTime()) ?? []),
  }
}

function candidatesFor(period: TrendingPeriod, snapshots: Snapshots, creators: Array<{ creatorId: string, category: TrendingCategory, dataSource: DataSource }>): Candidate[] {
  const start = snapshots.start(period)
  const candidates: Candidate[] = []
  for (const creator of creators) {
    const before = start.get(creator.creatorId)
    const after = snapshots.now.get(creator.creatorId)
    const audience = comparableGrowth(before, after, audienceOf)
    if (!audience || audience.rate === null) continue
    const views = comparableGrowth(before, after, snapshot => snapshot.platform === 'youtube' ? snapshot.metrics.views : null)
    const viewGrowthRate = views?.rate ?? null
    candidates.push({
      ...creator,
      score: trendingScore({ audienceGrowthRate: audience.rate, viewGrowthRate, audienceBefore: audience.before }),
      growthRate: Math.round(audience.rate * 1000) / 1000,
      viewGrowthRate: viewGrowthRate === null ? null : Math.round(viewGrowthRate * 1000) / 1000,
      audienceGain: audience.gain,
    })
  }
  return candidates.sort((a, b) => b.score - a.score || (a.creatorId < b.creatorId ? -1 : 1))
}

function rankingKey(category: string, period: string): string {
  return `${category}:${period}`
}

/**
 * Computes the trending rankings of a UTC day: per category and `overall`, for 7 and 30 days.
 * Safe to repeat during the day (the ranking of the day is replaced); a ranking that comes out the
 * same is not rewritten. Rank changes are against the previous day's ranking. Paused and hidden
 * creators (pending, being removed) are not ranked.
 */
export async function computeTrendingRanking(db: Db, { day, at }: { day: Date, at?: Date }, options: PipelineOptions = {}): Promise<number> {
  const date = startOfUtcDay(day)
  const computedAt = at ?? new Date()
  const { creators, trendingData } = collectionsOf(db)
  const [snapshots, tracked, previousRankings, stored] = await Promise.all([
    loadSnapshots(db, date),
    creators.find({ 'metadata.isActive': true, ...PUBLIC_CREATORS }, { projection: { 'creatorId': 1, 'category': 1, 'metadata.dataSource': 1 } }).toArray(),
    trendingData.find({ date: addUtcDays(date, -1) }, { projection: { 'category': 1, 'period': 1, 'rankings.creatorId': 1, 'rankings.rank': 1 } }).toArray(),
    trendingData.find({ date }).toArray(),
  ])
  const previousRanks = new Map(previousRankings.map(ranking => [
    rankingKey(ranking.category, ranking.period),
    new Map(ranking.rankings.map(entry => [entry.creatorId, entry.rank])),
  ]))
  const storedRankings = new Map(stored.map(ranking => [rankingKey(ranking.category, ranking.period), ranking]))
  const creatorsTracked = tracked.map(creator => ({ creatorId: creator.creatorId, category: creator.category, dataSource: creator.metadata.dataSource }))
  const operations: AnyBulkWriteOperation<TrendingRankingDocument>[] = []
  const written: Array<{ category: TrendingCategory, period: TrendingPeriod }> = []
  for (const period of TRENDING_PERIODS) {
    const candidates = candidatesFor(period, snapshots, creatorsTracked)
    for (const category of [OVERALL_CATEGORY, ...CREATOR_CATEGORIES] as TrendingCategory[]) {
      const ranked = candidates.filter(candidate => category === OVERALL_CATEGORY || candidate.category === category).slice(0, MAX_RANKED)
      const previous = previousRanks.get(rankingKey(category, period))
      const rankings: TrendingEntry[] = ranked.map((candidate, i) => ({
        creatorId: candidate.creatorId,
        rank: i + 1,
        previousRank: previous?.get(candidate.creatorId) ?? null,
        score: candidate.score,
        growthRate: candidate.growthRate,
        viewGrowthRate: candidate.viewGrowthRate,
        audienceGain: candidate.audienceGain,
      }))
      const existing = storedRankings.get(rankingKey(category, period))
      if (ranked.length === 0 && !existing) continue
      const dataSource: DataSource = ranked.length === 0
        ? existing!.dataSource
        : ranked.every(candidate => candidate.dataSource === 'demo') ? 'demo' : 'platform-api'
      if (existing && existing.dataSource === dataSource && sameValue(existing.rankings, rankings)) continue
      const document = trendingRankingSchema.parse({ date, category, period, rankings, dataSource, computedAt, createdAt: existing?.createdAt ?? computedAt })
      operations.push(existing
        ? { replaceOne: { filter: { date, category, period }, replacement: document } }
        : { insertOne: { document } })
      written.push({ category, period })
    }
  }
  await bulkWriteToleratingRaces(trendingData, operations)
  for (const { category, period } of written) options.onChange?.({ kind: 'ranking', date, category, period })
  return written.length
}
