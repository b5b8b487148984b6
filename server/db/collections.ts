import type { Collection, Db } from 'mongodb'
import type { ChangeJournalEntry } from './schemas/change-journal.ts'
import type { CreatorDocument } from './schemas/creator.ts'
import type { GrowthSnapshotDocument } from './schemas/growth-snapshot.ts'
import type { LiveSession } from './schemas/live-session.ts'
import type { PipelineStateDocument } from './schemas/pipeline-state.ts'
import type { PushSubscription } from './schemas/push-subscription.ts'
import type { TaskLockDocument, TaskRun, YoutubeQuotaDay } from './schemas/sync.ts'
import type { TimelineEventDocument } from './schemas/timeline-event.ts'
import type { TrendingRankingDocument } from './schemas/trending-ranking.ts'
import type { YoutubeChannelSync } from './schemas/youtube-channel-sync.ts'

export const COLLECTION_NAMES = {
  creators: 'creators',
  timelineEvents: 'timeline_events',
  growthStats: 'growth_stats',
  trendingData: 'trending_data',
  pipelineState: 'pipeline_state',
  changeJournal: 'change_journal',
  taskLocks: 'task_locks',
  taskRuns: 'task_runs',
  platformQuota: 'platform_quota',
  youtubeChannelSync: 'youtube_channel_sync',
  liveSessions: 'live_sessions',
  pushSubscriptions: 'push_subscriptions',
} as const

export interface Collections {
  creators: Collection<CreatorDocument>
  timelineEvents: Collection<TimelineEventDocument>
  growthStats: Collection<GrowthSnapshotDocument>
  trendingData: Collection<TrendingRankingDocument>
  pipelineState: Collection<PipelineStateDocument>
  changeJournal: Collection<ChangeJournalEntry>
  taskLocks: Collection<TaskLockDocument>
  taskRuns: Collection<TaskRun>
  platformQuota: Collection<YoutubeQuotaDay>
  youtubeChannelSync: Collection<YoutubeChannelSync>
  liveSessions: Collection<LiveSession>
  pushSubscriptions: Collection<PushSubscription>
}

export function collectionsOf(db: Db): Collections {
  return {
    creators: db.collection<CreatorDocument>(COLLECTION_NAMES.creators),
    timelineEvents: db.collection<TimelineEventDocument>(COLLECTION_NAMES.timelineEvents),
    growthStats: db.collection<GrowthSnapshotDocument>(COLLECTION_NAMES.growthStats),
    trendingData: db.collection<TrendingRankingDocument>(COLLECTION_NAMES.trendingData),
    pipelineState: db.collection<PipelineStateDocument>(COLLECTION_NAMES.pipelineState),
    changeJournal: db.collection<ChangeJournalEntry>(COLLECTION_NAMES.changeJournal),
    taskLocks: db.collection<TaskLockDocument>(COLLECTION_NAMES.taskLocks),
    taskRuns: db.collection<TaskRun>(COLLECTION_NAMES.taskRuns),
    platformQuota: db.collection<YoutubeQuotaDay>(COLLECTION_NAMES.platformQuota),
    youtubeChannelSync: db.collection<YoutubeChannelSync>(COLLECTION_NAMES.youtubeChannelSync),
    liveSessions: db.collection<LiveSession>(COLLECTION_NAMES.liveSessions),
    pushSubscriptions: db.collection<PushSubscription>(COLLECTION_NAMES.pushSubscriptions),
  }
}
