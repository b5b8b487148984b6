import { describe, expect, it } from 'vitest'
import type { YoutubeChannelSync } from '../../../../server/db/index.ts'
import { feedsDue, planStatsRefresh } from '../../../../server/sync/youtube/refresh-plan.ts'
import type { TrackedChannel } from '../../../../server/sync/youtube/tracked-channels.ts'
import { activityTierOf, DEFAULT_YOUTUBE_CADENCE, YOUTUBE_SYNC_INTERVAL_MS, YOUTUBE_UPLOAD_CHECK_INTERVAL_MS } from '../../../../server/sync/youtube/index.ts'

const AT = new Date('2030-05-01T12:00:00Z')
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const ago = (ms: number | null) => ms === null ? null : new Date(AT.getTime() - ms)

function channel(id: string, { lastUploadAgo = null, statsAgo = null, feedAgo = null, feedFailures = 0 }: { lastUploadAgo?: number | null, statsAgo?: number | null, feedAgo?: number | null, feedFailures?: number } = {}): TrackedChannel {
  const state: YoutubeChannelSync = {
    _id: id, creatorId: `cr_${id.toLowerCase()}`, statsCheckedAt: ago(statsAgo), missingSince: null, feedCheckedAt: ago(feedAgo), feedFailures,
    lastUploadAt: ago(lastUploadAgo), knownVideoIds: [], deferredVideos: [], metricsRefreshedAt: null, lastError: null, updatedAt: AT,
  }
  return { channelId: id, creatorId: state.creatorId, category: 'music', verified: false, storedVideoCount: null, state }
}

describe('activity tiers', () => {
  it.each([
    [null, 'dormant'],
    [1 * HOUR, 'active'],
    [47.9 * HOUR, 'active'],
    [48 * HOUR, 'quiet'],
    [29 * 24 * HOUR, 'quiet'],
    [30 * 24 * HOUR, 'dormant'],
  ])('last upload %s ms ago: %s', (lastUploadAgo, tier) => {
    expect(activityTierOf(ago(lastUploadAgo), AT, DEFAULT_YOUTUBE_CADENCE)).toBe(tier)
  })
})

describe('feedsDue', () => {
  it.each([
    // The sync (every 30 min) reads every feed not read in its slot, whatever its phase…
    ['active, read at the last check', YOUTUBE_SYNC_INTERVAL_MS, { lastUploadAgo: HOUR, feedAgo: 15 * MINUTE }, true],
    ['quiet, read at the last sync', YOUTUBE_SYNC_INTERVAL_MS, { lastUploadAgo: 5 * 24 * HOUR, feedAgo: 30 * MINUTE }, true],
    ['quiet, read off-phase at the last check', YOUTUBE_SYNC_INTERVAL_MS, { lastUploadAgo: 48.1 * HOUR, feedAgo: 15 * MINUTE }, true],
    ['dormant, never read', YOUTUBE_SYNC_INTERVAL_MS, {}, true],
    ['quiet, read in this slot', YOUTUBE_SYNC_INTERVAL_MS, { lastUploadAgo: 5 * 24 * HOUR, feedAgo: 4 * MINUTE }, false],
    // …the 15-minute check reads the active ones, and the others only when the sync missed them.
    ['active, read at the last sync', YOUTUBE_UPLOAD_CHECK_INTERVAL_MS, { lastUploadAgo: HOUR, feedAgo: 15 * MINUTE }, true],
    ['quiet, read at the last sync', YOUTUBE_UPLOAD_CHECK_INTERVAL_MS, { lastUploadAgo: 5 * 24 * HOUR, feedAgo: 15 * MINUTE }, false],
    ['quiet, missed by the last sync', YOUTUBE_UPLOAD_CHECK_INTERVAL_MS, { lastUploadAgo: 5 * 24 * HOUR, feedAgo: 45 * MINUTE }, true],
    // A failing feed waits twice as long after each failure: 1 h after the first, 4 h after the third, a day at most.
    ['failed once, an hour ago', YOUTUBE_SYNC_INTERVAL_MS, { feedAgo: HOUR, feedFailures: 1 }, true],
    ['failed 3 times, 3 h ago', YOUTUBE_SYNC_INTERVAL_MS, { feedAgo: 3 * HOUR, feedFailures: 3 }, false],
    ['failed 20 times, a day ago', YOUTUBE_SYNC_INTERVAL_MS, { feedAgo: 24 * HOUR, feedFailures: 20 }, true],
  ])('%s: due in a run every %d ms is %s', (_case, runEveryMs, options, due) => {
    expect(feedsDue([channel('UC1', options)], AT, DEFAULT_YOUTUBE_CADENCE, runEveryMs)).toHaveLength(due ? 1 : 0)
  })
})

describe('planStatsRefresh', () => {
  const active = (n: number, statsAgo: number) => Array.from({ length: n }, (_, i) => channel(`UCa${String(i).padStart(3, '0')}`, { lastUploadAgo: HOUR, statsAgo }))
  const quiet = (n: number, statsAgo: number) => Array.from({ length: n }, (_, i) => channel(`UCq${String(i).padStart(3, '0')}`, { lastUploadAgo: 5 * 24 * HOUR, statsAgo }))

  it('takes the due channels, most overdue first, and fills the last call with those closest to due', () => {
    const plan = planStatsRefresh([...quiet(60, 2 * HOUR), ...active(30, 30 * MINUTE), ...quiet(5, 7 * HOUR)], AT, DEFAULT_YOUTUBE_CADENCE, 10)
    expect(plan.waiting).toBe(0)
    expect(plan.channels).toHaveLength(50)
    // The quiet ones 7 h old are 1.17 intervals late, the active ones 1.0.
    expect(plan.channels.slice(0, 5).map(c => c.channelId)).toEqual(['UCq000', 'UCq001', 'UCq002', 'UCq003', 'UCq004'])
    expect(plan.channels.slice(5, 35).every(c => c.channelId.startsWith('UCa'))).toBe(true)
    expect(plan.channels.slice(35)).toHaveLength(15)
  })

  it('leaves what the budget cannot hold waiting, without fillers', () => {
    const plan = planStatsRefresh(active(120, 30 * MINUTE), AT, DEFAULT_YOUTUBE_CADENCE, 2)
    expect(plan).toMatchObject({ waiting: 20 })
    expect(plan.channels).toHaveLength(100)
  })

  it('plans nothing when nothing is due, not even fillers', () => {
    expect(planStatsRefresh([...active(3, 10 * MINUTE), ...quiet(3, 2 * HOUR)], AT, DEFAULT_YOUTUBE_CADENCE, 10)).toEqual({ channels: [], waiting: 0 })
  })
})
