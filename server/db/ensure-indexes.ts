import type { Db, IndexDescription } from 'mongodb'
import { COLLECTION_NAMES } from './collections.ts'

const creatorListIndexes: IndexDescription[] = ['subscribers', 'totalViews', 'recentGrowth', 'averageViews', 'videos', 'joinDate']
  .flatMap(key => [
    { key: { category: 1, [`sortKeys.${key}`]: -1, creatorId: 1 }, name: `category_${key}` },
    { key: { [`sortKeys.${key}`]: -1, creatorId: 1 }, name: `all_${key}` },
  ])

/**
 * Every index the app relies on: unique keys that make each pipeline write idempotent, and one
 * compound index per page query. Where this departs from the seed design: no text index (search
 * uses `searchTerms`); {category, stats.recentGrowth} became {category, sortKeys.recentGrowth, …}
 * because stats may hold null; {type, creatorId} is covered by {creatorId, type, publishedAt}; feed
 * indexes end in eventId so pages have a stable order.
 */
export const INDEXES: Record<string, IndexDescription[]> = {
  [COLLECTION_NAMES.creators]: [
    { key: { creatorId: 1 }, name: 'creatorId_unique', unique: true },
    { key: { slug: 1 }, name: 'slug_unique', unique: true },
    { key: { slugAliases: 1 }, name: 'slugAliases_unique', unique: true, sparse: true },
    { key: { 'platforms.youtube.channelId': 1 }, name: 'youtubeChannel_unique', unique: true, sparse: true },
    { key: { 'platforms.twitch.userId': 1 }, name: 'twitchUser_unique', unique: true, sparse: true },
    { key: { searchTerms: 1 }, name: 'searchTerms' },
    { key: { searchName: 1 }, name: 'searchName' },
    { key: { category: 1, searchName: 1 }, name: 'category_name' },
    // Finds the few hidden creators (pending, being removed) whose events the feed leaves out. Not
    // sparse: the embedded engine does not read sparse indexes.
    { key: { 'metadata.hidden': 1 }, name: 'hidden' },
    ...creatorListIndexes,
  ],
  [COLLECTION_NAMES.timelineEvents]: [
    { key: { eventId: 1 }, name: 'eventId_unique', unique: true },
    { key: { creatorId: 1, publishedAt: -1, eventId: -1 }, name: 'creator_timeline' },
    { key: { creatorId: 1, type: 1, publishedAt: -1, eventId: -1 }, name: 'creator_timeline_by_type' },
    { key: { publishedAt: -1, eventId: -1 }, name: 'feed' },
    { key: { type: 1, publishedAt: -1, eventId: -1 }, name: 'feed_by_type' },
    { key: { sourceEventId: 1 }, name: 'source_event' },
  ],
  [COLLECTION_NAMES.growthStats]: [
    { key: { creatorId: 1, platform: 1, date: 1 }, name: 'creator_platform_day_unique', unique: true },
    { key: { creatorId: 1, date: -1 }, name: 'creator_series' },
    { key: { date: -1 }, name: 'day' },
  ],
  [COLLECTION_NAMES.trendingData]: [
    { key: { date: 1, category: 1, period: 1 }, name: 'day_category_period_unique', unique: true },
    { key: { category: 1, period: 1, date: -1 }, name: 'latest_ranking' },
  ],
  [COLLECTION_NAMES.changeJournal]: [
    // Readers look a minute back at most; a day of history is plenty.
    { key: { at: 1 }, name: 'at_ttl', expireAfterSeconds: 86_400 },
  ],
  [COLLECTION_NAMES.taskRuns]: [
    // The sync overview looks back two weeks at most.
    { key: { startedAt: 1 }, name: 'startedAt_ttl', expireAfterSeconds: 14 * 86_400 },
    { key: { task: 1, startedAt: -1 }, name: 'task_latest' },
    { key: { task: 1, status: 1, startedAt: -1 }, name: 'task_status_latest' },
  ],
  [COLLECTION_NAMES.platformQuota]: [
    // A quota day matters on that day; a month of history is for the curious.
    { key: { updatedAt: 1 }, name: 'updatedAt_ttl', expireAfterSeconds: 35 * 86_400 },
  ],
  [COLLECTION_NAMES.liveSessions]: [
    { key: { streamId: 1 }, name: 'streamId_unique', unique: true },
    { key: { userId: 1, status: 1 }, name: 'user_status' },
    // Live sessions to sweep, ended ones awaiting their archive video.
    { key: { status: 1, endedAt: 1 }, name: 'status_endedAt' },
    { key: { eventPending: 1 }, name: 'eventPending' },
    // Set on an ended session only: a live one never expires.
    { key: { expiresAt: 1 }, name: 'expiresAt_ttl', expireAfterSeconds: 0 },
  ],
  [COLLECTION_NAMES.pushSubscriptions]: [
    // push:subscribe reads one platform's subscriptions; the callbacks look one up by _id.
    { key: { platform: 1, status: 1 }, name: 'platform_status' },
  ],
}

/** Creates the collections' indexes; safe to run at every start (an existing identical index is left alone). */
export async function ensureIndexes(db: Db): Promise<void> {
  await Promise.all(Object.entries(INDEXES).map(([collection, indexes]) => db.collection(collection).createIndexes(indexes)))
}
