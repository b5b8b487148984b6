import { describe, expect, it } from 'vitest'
import { collectionsOf, type TrendingEntry } from '../../../server/db/index.ts'
import { deleteCreatorData, hideCreatorForRemoval, recordDailySnapshots, upsertCreators, upsertEvents, type PipelineChange } from '../../../server/domain/index.ts'
import { loadTrackedChannels } from '../../../server/sync/youtube/tracked-channels.ts'
import { contentsOf, useEmbeddedDatabase } from '../embedded-database.ts'
import { snapshot, T0, upload, youtubeCreator } from './fixtures.ts'

const { freshDb } = useEmbeddedDatabase()

const day = (n: number) => new Date(Date.UTC(2026, 2, n))
const entry = (creatorId: string, rank: number, previousRank: number | null): TrendingEntry =>
  ({ creatorId, rank, previousRank, score: 10 - rank, growthRate: 1, viewGrowthRate: null, audienceGain: 10 })
const ranks = (entries: TrendingEntry[] | undefined) => entries?.map(({ creatorId, rank, previousRank }) => [creatorId, rank, previousRank])

/** Three API-tracked creators with snapshots, an upload, a live session and sync bookkeeping each, ranked on four days. */
async function world() {
  const db = await freshDb()
  const inputs = ['Alpha', 'Bravo', 'Charlie'].map(name => youtubeCreator(name, {}, { dataSource: 'platform-api' }))
  const [a, b, c] = (await upsertCreators(db, inputs, { at: T0 })).map(creator => creator.creatorId) as [string, string, string]
  const { trendingData, liveSessions, youtubeChannelSync } = collectionsOf(db)
  for (const creatorId of [a, b, c]) {
    await recordDailySnapshots(db, [snapshot(creatorId, '2026-03-01T10:00:00Z', { subscribers: 10 }), snapshot(creatorId, '2026-03-02T10:00:00Z', { subscribers: 20 })])
    await upsertEvents(db, [upload(creatorId, `video-of-${creatorId}`)])
    await liveSessions.insertOne({
      streamId: `stream-${creatorId}`, creatorId, userId: `user-${creatorId}`, login: creatorId, title: '', game: '', thumbnailUrl: '', startedAt: T0, status: 'ended',
      lastSeenAt: T0, samples: [], endedAt: T0, endedBy: 'poll', durationSeconds: 60, viewers: null, eventPending: false, archiveVideoId: null, archiveCheckedAt: null,
      revision: 1, createdAt: T0, updatedAt: T0, expiresAt: new Date(T0.getTime() + 86_400_000),
    })
    await youtubeChannelSync.insertOne({
      _id: `UC_${creatorId}`, creatorId, statsCheckedAt: T0, missingSince: null, feedCheckedAt: T0, feedFailures: 0, lastUploadAt: null,
      knownVideoIds: [], deferredVideos: [], metricsRefreshedAt: null, lastError: null, updatedAt: T0,
    })
  }
  const rankingOn = (n: number, rankings: TrendingEntry[]) => ({ date: day(n), category: 'overall' as const, period: '7d' as const, rankings, dataSource: 'platform-api' as const, computedAt: T0, createdAt: T0 })
  await trendingData.insertMany([
    rankingOn(1, [entry(a, 1, null), entry(b, 2, null), entry(c, 3, null)]),
    rankingOn(2, [entry(b, 1, 2), entry(c, 2, 3), entry(a, 3, 1)]),
    rankingOn(3, [entry(c, 1, 2), entry(a, 2, 3)]),
    rankingOn(4, [entry(a, 1, 2), entry(c, 2, 1)]),
  ])
  return { db, a, b, c }
}

describe('removing a creator', () => {
  it('hides it first: out of the sync, announced as removed', async () => {
    const { db, b } = await world()
    const announced: PipelineChange[] = []
    expect(await hideCreatorForRemoval(db, b, { onChange: change => announced.push(change) })).toBe(true)
    expect(announced).toEqual([{ kind: 'creator', creatorId: b, removed: true }])
    expect(await collectionsOf(db).creators.findOne({ creatorId: b })).toMatchObject({ metadata: { hidden: 'removing', isActive: false } })
    expect((await loadTrackedChannels(db, T0)).map(channel => channel.creatorId)).not.toContain(b)
    expect(await hideCreatorForRemoval(db, 'cr_unknown')).toBe(false)
  })

  it('then deletes everything of it and closes its gaps in the rankings, leaving the others as they were', async () => {
    const { db, a, b, c } = await world()
    const others = async () => {
      const contents = await contentsOf(db)
      return Object.fromEntries(Object.entries(contents).map(([name, documents]) => [name, name === 'trending_data' ? [] : documents.filter(document => document.creatorId !== b)]))
    }
    const before = await others()
    await hideCreatorForRemoval(db, b)
    const announced: PipelineChange[] = []

    expect(await deleteCreatorData(db, b, { onChange: change => announced.push(change) })).toEqual({
      creators: 1, timeline_events: 1, growth_stats: 2, trending_data: 2, live_sessions: 1, youtube_channel_sync: 1,
    })

    expect(announced).toEqual([{ kind: 'creator', creatorId: b, removed: true }])
    const after = await contentsOf(db)
    for (const [name, documents] of Object.entries(after)) expect(JSON.stringify(documents), name).not.toContain(b)
    expect(await others()).toEqual(before)
    const rankingOf = async (n: number) => ranks((await collectionsOf(db).trendingData.findOne({ date: day(n) }))?.rankings)
    expect(await rankingOf(1)).toEqual([[a, 1, null], [c, 2, null]])
    expect(await rankingOf(2)).toEqual([[c, 1, 2], [a, 2, 1]])
    expect(await rankingOf(3)).toEqual([[c, 1, 1], [a, 2, 2]])
    expect(await rankingOf(4)).toEqual([[a, 1, 2], [c, 2, 1]])
  })

  it('finishes a removal that died half-way when repeated, and a repeat after the end deletes nothing', async () => {
    const { db, b } = await world()
    await hideCreatorForRemoval(db, b)
    await collectionsOf(db).timelineEvents.deleteMany({ creatorId: b })
    await hideCreatorForRemoval(db, b)
    expect(await deleteCreatorData(db, b)).toMatchObject({ creators: 1, timeline_events: 0, growth_stats: 2 })
    const done = await contentsOf(db)
    expect(await hideCreatorForRemoval(db, b)).toBe(false)
    expect(await deleteCreatorData(db, b)).toEqual({ creators: 0, timeline_events: 0, growth_stats: 0, trending_data: 0, live_sessions: 0, youtube_channel_sync: 0 })
    expect(await contentsOf(db)).toEqual(done)
  })
})
