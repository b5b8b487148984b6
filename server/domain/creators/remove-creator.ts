import type { Db } from 'mongodb'
import { COLLECTION_NAMES, collectionsOf } from '../../db/index.ts'
import type { PipelineOptions } from '../pipeline-changes.ts'
import { removeFromRankings } from '../trending/remove-from-rankings.ts'

/** What a removal deleted, by collection (trending_data: the rankings that held the creator). */
export type RemovedCreatorCounts = Record<'creators' | 'timeline_events' | 'growth_stats' | 'trending_data' | 'live_sessions' | 'youtube_channel_sync', number>

/**
 * The first step of a removal: the creator leaves every public answer and every sync (paused), so
 * a removal that dies half-way shows nothing half-deleted; repeating it finishes the job. False
 * when there is no such creator.
 */
export async function hideCreatorForRemoval(db: Db, creatorId: string, options: PipelineOptions = {}): Promise<boolean> {
  const { matchedCount } = await collectionsOf(db).creators.updateOne(
    { creatorId },
    { $set: { 'metadata.hidden': 'removing', 'metadata.isActive': false }, $inc: { revision: 1 } },
  )
  if (matchedCount === 0) return false
  options.onChange?.({ kind: 'creator', creatorId, removed: true })
  return true
}

/**
 * The second step: everything of the creator, then the creator itself, last, so a removal that
 * dies half-way leaves the hidden creator for the next attempt to find. Each delete is idempotent.
 */
export async function deleteCreatorData(db: Db, creatorId: string, options: PipelineOptions = {}): Promise<RemovedCreatorCounts> {
  const { creators, timelineEvents, growthStats, liveSessions, youtubeChannelSync } = collectionsOf(db)
  const counts = {
    [COLLECTION_NAMES.timelineEvents]: (await timelineEvents.deleteMany({ creatorId })).deletedCount,
    [COLLECTION_NAMES.growthStats]: (await growthStats.deleteMany({ creatorId })).deletedCount,
    [COLLECTION_NAMES.trendingData]: await removeFromRankings(db, creatorId),
    [COLLECTION_NAMES.liveSessions]: (await liveSessions.deleteMany({ creatorId })).deletedCount,
    [COLLECTION_NAMES.youtubeChannelSync]: (await youtubeChannelSync.deleteMany({ creatorId })).deletedCount,
  }
  // By id alone: a sync that rewrote the profile meanwhile must not keep the creator alive.
  const removed = (await creators.deleteOne({ creatorId })).deletedCount
  options.onChange?.({ kind: 'creator', creatorId, removed: true })
  return { [COLLECTION_NAMES.creators]: removed, ...counts }
}
