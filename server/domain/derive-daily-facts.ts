import type { Db } from 'mongodb'
import { deriveCollaborations } from './collaborations/derive-collaborations.ts'
import { deriveMilestones } from './milestones/derive-milestones.ts'
import type { PipelineOptions } from './pipeline-changes.ts'
import { computeTrendingRanking } from './trending/compute-trending-ranking.ts'
import { addUtcDays, startOfUtcDay } from './utc-day.ts'

export interface DerivedFacts {
  milestones: number
  collaborations: number
  rankings: number
}

/**
 * What follows from a day's snapshots and events once they are stored: milestones crossed that day,
 * collaborations among its uploads and streams, and the day's trending rankings. Idempotent.
 */
export async function deriveDailyFacts(db: Db, { day, at }: { day: Date, at?: Date }, options: PipelineOptions = {}): Promise<DerivedFacts> {
  const from = startOfUtcDay(day)
  // Independent of each other: each reads what the day's ingest stored and writes its own documents.
  const [milestones, collaborations, rankings] = await Promise.all([
    deriveMilestones(db, { day: from, at }, options),
    deriveCollaborations(db, { from, to: addUtcDays(from, 1), at }, options),
    computeTrendingRanking(db, { day: from, at }, options),
  ])
  return { milestones, collaborations, rankings }
}
