import { describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../../server/db/index.ts'
import { startOfUtcDay } from '../../../../server/domain/index.ts'
import { runYoutubeSync } from '../../../../server/sync/youtube/index.ts'
import { contentsOf, useEmbeddedDatabase } from '../../embedded-database.ts'
import { channelIdFor, channelResource, fixtureItems } from '../../platforms/youtube/fake-youtube-data.ts'
import { useFakeYoutube } from '../../platforms/youtube/use-fake-youtube.ts'
import { manualClock } from '../manual-clock.ts'
import { channelsListBatches, seedCreators, seedGeneratedChannels, serveChannel, syncOptionsFor } from './youtube-sync-harness.ts'

const { freshDb } = useEmbeddedDatabase()
const youtube = useFakeYoutube()
const { fake } = youtube
const T0 = '2030-05-01T12:00:00Z'
const MINUTE = 60_000

describe('runYoutubeSync: channel statistics and profiles', () => {
  it('writes the real fixture channels\' numbers into today\'s snapshot and the creator, keeping what the API does not know', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const [google, developers] = fixtureItems('youtube-channels.list.json')
    serveChannel(fake(), google!)
    serveChannel(fake(), developers!)
    const ids = await seedCreators(db, [
      { channelId: google!.id, title: 'Google', handle: 'google', category: 'technology', verified: true },
      { channelId: developers!.id, title: 'Google Developers', handle: 'googledevelopers', category: 'education' },
    ], clock.now())

    const counts = await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))

    expect(counts).toMatchObject({ channelsChecked: 2, feedsChecked: 2, snapshotsRecorded: 2, creatorsTouched: 2, unitsSpent: 1, errors: 0, quotaExhausted: 0 })
    const { creators, growthStats } = collectionsOf(db)
    const googleCreator = await creators.findOne({ creatorId: ids.get(google!.id) })
    expect(googleCreator).toMatchObject({
      name: 'Google', category: 'technology', verified: true,
      avatarUrl: 'https://yt3.ggpht.com/ytc/AMLnZu_31rROBnB8bq9EJfk82OnclHISQ3Hrx6i1oWLai5o=s800-c-k-c0x00ffffff-no-rj',
      bannerUrl: 'https://yt3.ggpht.com/C7C_rceG0_dgSK1uRXoM6s1wCiOwDpsc_bJLELECJ7dVrNZNMhub9la_nhAL6aKpkdR0Z91d',
      platforms: { youtube: { channelId: 'UCK8sQmJBp8GCxrOtXWBpyEA', handle: 'google', subscribers: 10_700_000, views: 3_331_930_783, videos: 2678, verified: true } },
      stats: { subscribers: 10_700_000, totalViews: 3_331_930_783, videos: 2678 },
      metadata: { dataSource: 'platform-api', isActive: true, lastUpdated: clock.now() },
    })
    expect(await creators.findOne({ creatorId: ids.get(developers!.id) })).toMatchObject({
      category: 'education', verified: false, platforms: { youtube: { subscribers: 2_260_000, views: 208_790_084, videos: 5652 } },
    })
    expect(await growthStats.find({}, { projection: { _id: 0, creatorId: 1, date: 1, metrics: 1, observedAt: 1 } }).sort({ 'metrics.views': -1 }).toArray()).toEqual([
      { creatorId: ids.get(google!.id), date: startOfUtcDay(clock.now()), observedAt: clock.now(), metrics: { subscribers: 10_700_000, views: 3_331_930_783, videos: 2678, followers: null, engagement: null } },
      { creatorId: ids.get(developers!.id), date: startOfUtcDay(clock.now()), observedAt: clock.now(), metrics: { subscribers: 2_260_000, views: 208_790_084, videos: 5652, followers: null, engagement: null } },
    ])
  })

  it('keeps a hidden subscriber count unknown (null), in the snapshot and on the creator', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const id = channelIdFor(7)
    serveChannel(fake(), channelResource(id, { hidden: true, views: '1000', videos: '3' }))
    const ids = await seedCreators(db, [{ channelId: id, title: `Channel ${id}` }], clock.now())
    await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))
    const { creators, growthStats } = collectionsOf(db)
    expect((await growthStats.findOne({ creatorId: ids.get(id) }))?.metrics).toEqual({ subscribers: null, views: 1000, videos: 3, followers: null, engagement: null })
    expect(await creators.findOne({ creatorId: ids.get(id) })).toMatchObject({ platforms: { youtube: { subscribers: null } }, stats: { subscribers: null } })
  })

  it('asks for 120 channels in 3 calls of at most 50 ids and records all of them', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const ids = await seedGeneratedChannels(db, fake(), 120, clock.now())
    const counts = await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))
    expect(channelsListBatches(fake()).map(batch => batch.length)).toEqual([50, 50, 20])
    expect(channelsListBatches(fake()).flat().sort()).toEqual([...ids].sort())
    expect(counts).toMatchObject({ channelsChecked: 120, snapshotsRecorded: 120, unitsSpent: 3, channelsWaiting: 0, errors: 0 })
    expect(fake().unitsCharged).toBe(3)
    expect(await collectionsOf(db).growthStats.countDocuments()).toBe(120)
    expect(await collectionsOf(db).platformQuota.findOne({})).toMatchObject({ unitsSpent: 3 })
  })

  it('changes nothing and spends nothing when run again in the same slot, and rewrites nothing when every channel is asked again', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    await seedGeneratedChannels(db, fake(), 60, clock.now())
    await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))
    const after = await contentsOf(db)
    fake().requests.length = 0

    clock.advance(4 * MINUTE)
    const again = await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))
    expect(again).toMatchObject({ unitsSpent: 0, channelsChecked: 0, feedsChecked: 0, snapshotsRecorded: 0, eventsUpserted: 0, creatorsTouched: 0 })
    expect(fake().requests).toEqual([])
    expect(await contentsOf(db)).toEqual(after)

    // Without its bookkeeping, the sync asks for everything again at the same instant: the pipeline's writes change nothing.
    clock.set(T0)
    await collectionsOf(db).youtubeChannelSync.deleteMany({})
    const repeated = await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))
    expect(repeated).toMatchObject({ channelsChecked: 60, feedsChecked: 60, snapshotsRecorded: 0, creatorsTouched: 0, eventsUpserted: 0 })
    const { platform_quota: spentAgain, ...rest } = await contentsOf(db)
    const { platform_quota: spentFirst, ...restBefore } = after
    expect(rest).toEqual(restBefore)
    expect(spentAgain![0]!.unitsSpent).toBe(2 * spentFirst![0]!.unitsSpent)
  })

  it('refreshes an active channel every run, and lets quiet and dormant ones ride in the free seats of its call', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const [active, quiet, dormant] = [channelIdFor(1), channelIdFor(2), channelIdFor(3)]
    const hoursAgo = (hours: number) => new Date(clock.now().getTime() - hours * 3_600_000).toISOString()
    serveChannel(fake(), channelResource(active), [{ videoId: 'activeVid01', title: 'Fresh', published: hoursAgo(3) }])
    serveChannel(fake(), channelResource(quiet), [{ videoId: 'quietVid001', title: 'Last week', published: hoursAgo(24 * 7) }])
    serveChannel(fake(), channelResource(dormant), [{ videoId: 'dormantVid1', title: 'Last year', published: hoursAgo(24 * 365) }])
    await seedCreators(db, [active, quiet, dormant].map(channelId => ({ channelId, title: `Channel ${channelId}` })), clock.now())
    await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))

    const refreshedAt: Record<string, number[]> = { [active]: [], [quiet]: [], [dormant]: [] }
    let calls = 0
    for (let run = 1; run <= 48; run++) {
      clock.advance(30 * MINUTE)
      fake().requests.length = 0
      await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))
      calls += fake().requestsTo('channels').length
      for (const id of channelsListBatches(fake()).flat()) refreshedAt[id]!.push(run)
    }
    expect(refreshedAt[active]).toEqual(Array.from({ length: 48 }, (_, i) => i + 1))
    // Not due for hours, the quiet and dormant channels still ride along whenever they are one active interval old: same cost.
    expect(refreshedAt[quiet]).toEqual(refreshedAt[active])
    expect(refreshedAt[dormant]).toEqual(refreshedAt[active])
    expect(calls).toBe(48)
  })
})

describe('runYoutubeSync: tiers with full batches', () => {
  it('refreshes a quiet channel every 6 hours when the batches are full of active ones', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const recent = new Date(clock.now().getTime() - 3_600_000).toISOString()
    const activeIds = Array.from({ length: 50 }, (_, i) => channelIdFor(100 + i))
    for (const id of activeIds) serveChannel(fake(), channelResource(id), [{ videoId: `v${id.slice(-9)}`, title: 'New', published: recent }])
    const quiet = channelIdFor(1)
    const dormant = channelIdFor(2)
    serveChannel(fake(), channelResource(quiet), [{ videoId: 'quietVid001', title: 'Last week', published: new Date(clock.now().getTime() - 7 * 86_400_000).toISOString() }])
    serveChannel(fake(), channelResource(dormant))
    await seedCreators(db, [...activeIds, quiet, dormant].map(channelId => ({ channelId, title: `Channel ${channelId}` })), clock.now())
    await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))

    const runsOf: Record<string, number[]> = { [quiet]: [], [dormant]: [] }
    let units = 0
    for (let run = 1; run <= 48; run++) {
      clock.advance(30 * MINUTE)
      fake().reset()
      for (const id of activeIds) serveChannel(fake(), channelResource(id), [{ videoId: `v${id.slice(-9)}`, title: 'New', published: recent }])
      serveChannel(fake(), channelResource(quiet), [{ videoId: 'quietVid001', title: 'Last week', published: new Date(Date.parse(T0) - 7 * 86_400_000).toISOString() }])
      serveChannel(fake(), channelResource(dormant))
      const counts = await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))
      units += fake().requestsTo('channels').length
      for (const id of channelsListBatches(fake()).flat()) runsOf[id]?.push(run)
      expect(counts.errors).toBe(0)
    }
    expect(runsOf[quiet]).toEqual([12, 24, 36, 48])
    // Not due before run 48, the dormant channel takes a free seat of the quiet one's batch once it is an interval old.
    expect(runsOf[dormant]).toEqual([12, 24, 36, 48])
    // 48 runs of the 50 active channels, plus one partial batch whenever the quiet channel is due.
    expect(units).toBe(48 + 4)
  })
})
