import { describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../../server/db/index.ts'
import { eventIdFor, upsertEvents } from '../../../../server/domain/index.ts'
import { checkYoutubeUploads, runYoutubeSync } from '../../../../server/sync/youtube/index.ts'
import { useEmbeddedDatabase } from '../../embedded-database.ts'
import { atomFeed, channelIdFor, channelResource, fixtureItems, pastLiveStream, unfinishedBroadcast, type ApiResource } from '../../platforms/youtube/fake-youtube-data.ts'
import { useFakeYoutube } from '../../platforms/youtube/use-fake-youtube.ts'
import { manualClock } from '../manual-clock.ts'
import { channelStates, seedCreators, serveChannel, syncOptionsFor } from './youtube-sync-harness.ts'

const { freshDb } = useEmbeddedDatabase()
const youtube = useFakeYoutube()
const { fake } = youtube
const T0 = '2030-05-01T12:00:00Z'
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const TED = 'UCAuUUnT6oDeKwE6v1NGQxug'

/** A generated upload of `channelId`, published at `published`, with these counts (absent ones left out). */
function videoResource(id: string, channelId: string, published: string, statistics: Record<string, string>, duration = 'PT4M2S'): ApiResource {
  return {
    kind: 'youtube#video',
    id,
    snippet: { publishedAt: published, channelId, title: `Video ${id}`, description: `About ${id}`, thumbnails: { high: { url: `https://i.ytimg.com/vi/${id}/hqdefault.jpg` } }, liveBroadcastContent: 'none' },
    contentDetails: { duration },
    statistics,
  }
}

async function eventOf(db: Awaited<ReturnType<typeof freshDb>>, creatorId: string, videoId: string, type: 'video_upload' | 'stream' = 'video_upload') {
  return collectionsOf(db).timelineEvents.findOne({ eventId: eventIdFor(creatorId, 'youtube', type, videoId) }, { projection: { _id: 0 } })
}

describe('new uploads', () => {
  it('turns the feed\'s videos into events with the real fixture\'s duration and counts', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const ted = fixtureItems('youtube-videos.list.json').find(video => video.id === 'Ks-_Mh1QhMc')!
    fake().addVideos([ted])
    serveChannel(fake(), channelResource(TED, { title: 'TED' }), [{ videoId: 'Ks-_Mh1QhMc', title: 'Your body language may shape who you are', published: '2012-10-01T15:27:35+00:00' }])
    const ids = await seedCreators(db, [{ channelId: TED, title: 'TED', category: 'education' }], clock.now())

    const counts = await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))

    expect(counts).toMatchObject({ eventsUpserted: 1, videosFetched: 1, unitsSpent: 2, errors: 0 })
    expect(await eventOf(db, ids.get(TED)!, 'Ks-_Mh1QhMc')).toMatchObject({
      creatorId: ids.get(TED), platform: 'youtube', type: 'video_upload', platformEventId: 'Ks-_Mh1QhMc',
      title: 'Your body language may shape who you are | Amy Cuddy',
      publishedAt: new Date('2012-10-01T15:27:35Z'),
      metrics: { views: 23_278_951, likes: 391_633, comments: 9518, shares: null, peakViewers: null, averageViewers: null, hoursWatched: null },
      media: { durationSeconds: 21 * 60 + 3, url: 'https://www.youtube.com/watch?v=Ks-_Mh1QhMc' },
      metadata: { dataSource: 'platform-api', lastUpdated: clock.now() },
    })
    expect((await channelStates(db)).get(TED)).toMatchObject({ lastUploadAt: new Date('2012-10-01T15:27:35Z'), knownVideoIds: ['Ks-_Mh1QhMc'] })
  })

  it('finds a new upload with the 15-minute check: one videos.list call, then nothing more for it', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const id = channelIdFor(1)
    const older = { videoId: 'olderVideo1', title: 'Older', published: '2030-04-30T09:00:00+00:00' }
    fake().addVideos([videoResource('olderVideo1', id, '2030-04-30T09:00:00Z', { viewCount: '900', likeCount: '40', commentCount: '3' })])
    serveChannel(fake(), channelResource(id), [older])
    const ids = await seedCreators(db, [{ channelId: id, title: `Channel ${id}` }], clock.now())
    await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))

    clock.advance(10 * MINUTE)
    fake().addVideos([videoResource('brandNew001', id, '2030-05-01T12:08:00Z', { viewCount: '12', likeCount: '2', commentCount: '0' }, 'PT12M30S')])
    fake().setFeed(id, atomFeed(id, `Channel ${id}`, [{ videoId: 'brandNew001', title: 'Brand new', published: '2030-05-01T12:08:00+00:00' }, older]))
    clock.advance(5 * MINUTE)
    fake().requests.length = 0
    const counts = await checkYoutubeUploads(db, syncOptionsFor(db, youtube, clock.now))

    expect(counts).toMatchObject({ feedsChecked: 1, eventsUpserted: 1, unitsSpent: 1, creatorsTouched: 1, errors: 0 })
    expect(fake().requestsTo('videos').map(request => request.query.id)).toEqual(['brandNew001'])
    expect(await eventOf(db, ids.get(id)!, 'brandNew001')).toMatchObject({
      type: 'video_upload', publishedAt: new Date('2030-05-01T12:08:00Z'), metrics: { views: 12, likes: 2, comments: 0 }, media: { durationSeconds: 750 },
    })

    clock.advance(15 * MINUTE)
    fake().requests.length = 0
    expect(await checkYoutubeUploads(db, syncOptionsFor(db, youtube, clock.now))).toMatchObject({ feedsChecked: 1, eventsUpserted: 0, unitsSpent: 0 })
    expect(fake().requestsTo('videos')).toEqual([])
  })

  it('leaves upcoming and live broadcasts for later, asks again after an hour, and records the ended stream', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const id = channelIdFor(2)
    fake().addVideos([unfinishedBroadcast('liveNow0001', 'live')])
    serveChannel(fake(), channelResource(id), [{ videoId: 'liveNow0001', title: 'Live now', published: '2030-05-01T11:00:00+00:00' }])
    const ids = await seedCreators(db, [{ channelId: id, title: `Channel ${id}` }], clock.now())

    expect(await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))).toMatchObject({ videosFetched: 1, eventsUpserted: 0 })
    expect((await channelStates(db)).get(id)?.deferredVideos).toEqual([{ videoId: 'liveNow0001', retryAt: new Date(Date.parse(T0) + HOUR) }])

    clock.advance(30 * MINUTE)
    fake().requests.length = 0
    await checkYoutubeUploads(db, syncOptionsFor(db, youtube, clock.now))
    expect(fake().requestsTo('videos')).toEqual([])

    clock.advance(30 * MINUTE)
    fake().addVideos([{ ...pastLiveStream('liveNow0001'), snippet: { ...pastLiveStream('liveNow0001').snippet, channelId: id } }])
    expect(await checkYoutubeUploads(db, syncOptionsFor(db, youtube, clock.now))).toMatchObject({ eventsUpserted: 1, unitsSpent: 1 })
    expect(await eventOf(db, ids.get(id)!, 'liveNow0001', 'stream')).toMatchObject({
      type: 'stream', publishedAt: new Date('2026-03-01T18:00:05Z'), media: { durationSeconds: 90 * 60 + 50 }, metrics: { views: 5021, likes: 310, comments: 42 },
    })
    expect((await channelStates(db)).get(id)).toMatchObject({ deferredVideos: [], knownVideoIds: ['liveNow0001'] })
  })

  it('looks again at the feed when the channel\'s video count rose, even before its feed is due', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const id = channelIdFor(3)
    serveChannel(fake(), channelResource(id, { videos: '12' }))
    const ids = await seedCreators(db, [{ channelId: id, title: `Channel ${id}` }], clock.now())
    // Feeds every 12 hours: only the count can tell.
    const cadence = { feedEveryMs: { active: 12 * HOUR, quiet: 12 * HOUR, dormant: 12 * HOUR }, statsEveryMs: { active: 30 * MINUTE, quiet: 30 * MINUTE, dormant: 30 * MINUTE } }
    await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now, { cadence }))

    clock.advance(30 * MINUTE)
    fake().addVideos([videoResource('countRose01', id, '2030-05-01T12:20:00Z', { viewCount: '5' })])
    serveChannel(fake(), channelResource(id, { videos: '13' }), [{ videoId: 'countRose01', title: 'Found by count', published: '2030-05-01T12:20:00+00:00' }])
    fake().requests.length = 0
    const counts = await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now, { cadence }))
    expect(fake().requestsTo('feed')).toHaveLength(1)
    expect(counts).toMatchObject({ feedsChecked: 1, eventsUpserted: 1 })
    expect(await eventOf(db, ids.get(id)!, 'countRose01')).toMatchObject({ metrics: { views: 5, likes: null } })

    clock.advance(30 * MINUTE)
    fake().requests.length = 0
    await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now, { cadence }))
    expect(fake().requestsTo('feed')).toEqual([])
  })
})

describe('metrics of recent uploads', () => {
  it('refreshes them in the free seats of a call made for a new upload, never wiping a count the API no longer gives', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const [id, other] = [channelIdFor(4), channelIdFor(6)]
    const published = '2030-04-29T10:00:00Z'
    fake().addVideos([videoResource('recentVid01', id, published, { viewCount: '100', likeCount: '10', commentCount: '1' })])
    serveChannel(fake(), channelResource(id), [{ videoId: 'recentVid01', title: 'Recent', published: '2030-04-29T10:00:00+00:00' }])
    serveChannel(fake(), channelResource(other))
    const ids = await seedCreators(db, [id, other].map(channelId => ({ channelId, title: `Channel ${channelId}` })), clock.now())
    await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))
    // The live check saw its peak (not in videos.list): a refresh must keep it.
    const stored = await eventOf(db, ids.get(id)!, 'recentVid01')
    await upsertEvents(db, [{ ...stored!, dataSource: 'platform-api', metrics: { ...stored!.metrics, peakViewers: 77 } }], { at: clock.now() })
    // Likes hidden since; views grew.
    fake().addVideos([videoResource('recentVid01', id, published, { viewCount: '450', commentCount: '4' })])

    // Due after 6 hours, but not worth a call of its own yet.
    const videoCalls: string[] = []
    for (let run = 1; run <= 13; run++) {
      clock.advance(30 * MINUTE)
      if (run === 13) {
        fake().addVideos([videoResource('otherNew001', other, '2030-05-01T18:10:00Z', { viewCount: '3' })])
        fake().setFeed(other, atomFeed(other, 'Other', [{ videoId: 'otherNew001', title: 'New', published: '2030-05-01T18:10:00+00:00' }]))
      }
      fake().requests.length = 0
      await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))
      videoCalls.push(...fake().requestsTo('videos').map(request => `${run}:${request.query.id}`))
    }
    expect(videoCalls).toEqual(['13:otherNew001,recentVid01'])
    expect((await eventOf(db, ids.get(id)!, 'recentVid01'))?.metrics).toEqual({ views: 450, likes: 10, comments: 4, shares: null, peakViewers: 77, averageViewers: null, hoursWatched: null })
  })

  it('gives a refresh a call of its own once it is two intervals late', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const id = channelIdFor(4)
    fake().addVideos([videoResource('recentVid01', id, '2030-04-29T10:00:00Z', { viewCount: '100' })])
    serveChannel(fake(), channelResource(id), [{ videoId: 'recentVid01', title: 'Recent', published: '2030-04-29T10:00:00+00:00' }])
    await seedCreators(db, [{ channelId: id, title: `Channel ${id}` }], clock.now())
    await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))
    const runsWithVideoCalls: number[] = []
    for (let run = 1; run <= 30; run++) {
      clock.advance(30 * MINUTE)
      fake().requests.length = 0
      await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))
      if (fake().requestsTo('videos').length > 0) runsWithVideoCalls.push(run)
    }
    expect(runsWithVideoCalls).toEqual([24])
  })

  it('waits a day before asking again about a feed video that videos.list does not return (private or deleted)', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const id = channelIdFor(5)
    serveChannel(fake(), channelResource(id), [{ videoId: 'privateVid1', title: 'Gone private', published: '2030-05-01T10:00:00+00:00' }])
    await seedCreators(db, [{ channelId: id, title: `Channel ${id}` }], clock.now())
    await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))
    let asked = 0
    for (let run = 1; run <= 48; run++) {
      clock.advance(30 * MINUTE)
      fake().requests.length = 0
      await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))
      asked += fake().requestsTo('videos').length
    }
    expect(asked).toBe(1)
  })
})
