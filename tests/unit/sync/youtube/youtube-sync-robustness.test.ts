import { describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../../server/db/index.ts'
import { nextQuotaResetAt } from '../../../../server/platforms/youtube/index.ts'
import { youtubeQuotaLedger } from '../../../../server/sync/index.ts'
import { checkYoutubeUploads, runYoutubeSync, YoutubeChannelSyncError } from '../../../../server/sync/youtube/index.ts'
import { useEmbeddedDatabase } from '../../embedded-database.ts'
import { atomFeed, channelIdFor, channelResource, type ApiResource } from '../../platforms/youtube/fake-youtube-data.ts'
import { useFakeYoutube } from '../../platforms/youtube/use-fake-youtube.ts'
import { manualClock } from '../manual-clock.ts'
import { channelsListBatches, channelStates, seedCreators, seedGeneratedChannels, serveChannel, syncOptionsFor } from './youtube-sync-harness.ts'

const { freshDb } = useEmbeddedDatabase()
const youtube = useFakeYoutube()
const { fake } = youtube
const T0 = '2030-05-01T12:00:00Z'
const MINUTE = 60_000

async function snapshotCount(db: Awaited<ReturnType<typeof freshDb>>) {
  return collectionsOf(db).growthStats.countDocuments()
}

describe('quota', () => {
  it('stops at quotaExceeded, marks the ledger, keeps what it got, asks nothing until the reset, then completes', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const ids = await seedGeneratedChannels(db, fake(), 120, clock.now())
    fake().setQuota(1)

    const counts = await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))

    const reset = nextQuotaResetAt(clock.now())
    expect(counts).toMatchObject({ quotaExhausted: 1, errors: 1, channelsChecked: 50, snapshotsRecorded: 50, unitsSpent: 1, channelsWaiting: 70 })
    expect(fake().requestsTo('channels')).toHaveLength(2)
    expect(fake().requests.at(-1)?.endpoint).toBe('channels')
    const ledger = youtubeQuotaLedger(db, { now: clock.now })
    expect(await ledger.exhaustedUntil()).toEqual(reset)
    expect(await ledger.spentToday()).toBe(1)
    expect(await snapshotCount(db)).toBe(50)
    const doneBefore = new Set(channelsListBatches(fake())[0])

    // Until the reset, neither task asks YouTube anything.
    fake().requests.length = 0
    clock.advance(60 * MINUTE)
    expect(await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))).toMatchObject({ quotaExhausted: 1, unitsSpent: 0, channelsChecked: 0 })
    expect(await checkYoutubeUploads(db, syncOptionsFor(db, youtube, clock.now))).toMatchObject({ quotaExhausted: 1, feedsChecked: 0 })
    expect(fake().requests).toEqual([])

    clock.set(new Date(reset.getTime() + MINUTE).toISOString())
    fake().setQuota(null)
    const after = await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))
    expect(after).toMatchObject({ quotaExhausted: 0, errors: 0, channelsWaiting: 0 })
    // The 70 left waiting come first; the first 50 (19 hours old) fill the second call's free seats.
    const asked = channelsListBatches(fake()).flat()
    expect(asked).toHaveLength(100)
    expect(asked.slice(0, 70).every(id => !doneBefore.has(id))).toBe(true)
    const states = await channelStates(db)
    expect(ids.every(id => states.get(id)?.statsCheckedAt !== null)).toBe(true)
  })

  it('spends no more than the run\'s budget, and the channels left waiting go first next run', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    await seedGeneratedChannels(db, fake(), 120, clock.now())
    const first = await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now, { budgetUnits: 2 }))
    expect(first).toMatchObject({ unitsSpent: 2, channelsChecked: 100, channelsWaiting: 20 })
    const done = new Set(channelsListBatches(fake()).flat())

    fake().requests.length = 0
    clock.advance(30 * MINUTE)
    await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now, { budgetUnits: 1 }))
    const [batch] = channelsListBatches(fake())
    expect(batch).toHaveLength(50)
    // The 20 never refreshed first, then 30 of the others to fill the call.
    expect(batch!.slice(0, 20).every(id => !done.has(id))).toBe(true)
    expect(batch!.slice(20).every(id => done.has(id))).toBe(true)
  })

  it('stops all calls at a refused key, counting one error', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    await seedGeneratedChannels(db, fake(), 120, clock.now())
    const counts = await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now, { connect: onUnitsSpent => youtube.connector({ onUnitsSpent, apiKey: 'wrong', now: clock.now }) }))
    expect(counts).toMatchObject({ errors: 1, channelsChecked: 0, quotaExhausted: 0, channelsWaiting: 120 })
    expect(fake().requestsTo('channels')).toHaveLength(1)
    expect(await youtubeQuotaLedger(db, { now: clock.now }).exhaustedUntil()).toBeNull()
  })
})

describe('one channel failing', () => {
  it('narrows a malformed channel in a batch down to itself; the other 49 are written', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const ids = await seedGeneratedChannels(db, fake(), 50, clock.now())
    const broken = ids[17]!
    const resource = channelResource(broken)
    fake().addChannels([{ ...resource, statistics: { ...resource.statistics, viewCount: 'lots' } }])
    const errors: unknown[] = []

    const counts = await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now, { onError: error => errors.push(error) }))

    expect(counts).toMatchObject({ channelsChecked: 49, snapshotsRecorded: 49, errors: 1 })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(YoutubeChannelSyncError)
    expect((errors[0] as YoutubeChannelSyncError).channelIds).toEqual([broken])
    expect(counts.unitsSpent).toBeLessThanOrEqual(13)
    expect((await channelStates(db)).get(broken)).toMatchObject({ statsCheckedAt: clock.now(), lastError: { at: clock.now(), message: expect.stringContaining(broken) } })
  })

  it('counts a deleted channel, a 404 feed and a malformed feed, and syncs the others', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const [gone, noFeed, badFeed, fine] = [1, 2, 3, 4].map(channelIdFor) as [string, string, string, string]
    serveChannel(fake(), channelResource(noFeed))
    serveChannel(fake(), channelResource(badFeed))
    serveChannel(fake(), channelResource(fine), [{ videoId: 'fineVideo01', title: 'Fine', published: '2030-05-01T11:00:00+00:00' }])
    fake().handle('feed', ({ query }) => query.channel_id === noFeed
      ? { status: 404, body: '<html>Not Found</html>', contentType: 'text/html' }
      : query.channel_id === badFeed ? { body: '<feed><entry>', contentType: 'text/xml' } : { body: feedOf(query.channel_id!) })
    fake().addVideos([{ kind: 'youtube#video', id: 'fineVideo01', snippet: { publishedAt: '2030-05-01T11:00:00Z', channelId: fine, title: 'Fine', description: '', thumbnails: {}, liveBroadcastContent: 'none' }, contentDetails: { duration: 'PT1M' }, statistics: { viewCount: '7' } } satisfies ApiResource])
    const ids = await seedCreators(db, [gone, noFeed, badFeed, fine].map(channelId => ({ channelId, title: `Channel ${channelId}` })), clock.now())

    const counts = await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))

    expect(counts).toMatchObject({ errors: 3, channelsChecked: 3, feedsChecked: 2, eventsUpserted: 1 })
    expect(await collectionsOf(db).timelineEvents.countDocuments({ creatorId: ids.get(fine) })).toBe(1)
    const states = await channelStates(db)
    expect(states.get(gone)).toMatchObject({ missingSince: clock.now(), lastError: { message: expect.stringMatching(/not returned/) } })
    expect(states.get(noFeed)?.lastError?.message).toMatch(/upload feed.*404/)
    expect(states.get(badFeed)?.lastError?.message).toMatch(/upload feed/)
  })

  it('reads a failing feed less and less often (after 1, 2, 4, 8, 16 hours), and every 30 minutes again once it answers', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const id = channelIdFor(9)
    serveChannel(fake(), channelResource(id))
    fake().handle('feed', () => ({ status: 404, body: '<html>Not Found</html>', contentType: 'text/html' }))
    await seedCreators(db, [{ channelId: id, title: `Channel ${id}` }], clock.now())
    const readAt: number[] = []
    for (let run = 0; run < 66; run++) {
      if (run === 40) fake().handle('feed', () => ({ body: atomFeed(id, 'Back', []) }))
      fake().requests.length = 0
      await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))
      if (fake().requestsTo('feed').length > 0) readAt.push(run / 2)
      clock.advance(30 * MINUTE)
    }
    expect(readAt).toEqual([0, 1, 3, 7, 15, 31, 31.5, 32, 32.5])
  })

  it('retries a channels.list batch that failed on the network at the next run', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    await seedGeneratedChannels(db, fake(), 60, clock.now())
    fake().script('channels', ...Array.from({ length: 4 }, () => ({ status: 503, body: { error: { code: 503, message: 'Backend Error' } } })))
    expect(await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))).toMatchObject({ errors: 1, channelsChecked: 10 })

    clock.advance(MINUTE)
    fake().requests.length = 0
    expect(await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))).toMatchObject({ errors: 0, channelsChecked: 50 })
    expect(await snapshotCount(db)).toBe(60)
  })
})

describe('a run killed half-way', () => {
  it('keeps the batches written before it stopped, and the next run does the rest', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    const ids = await seedGeneratedChannels(db, fake(), 120, clock.now())
    const resources = new Map(ids.map(id => [id, channelResource(id, { title: `Channel ${id}` })]))
    const lockLost = new AbortController()
    let calls = 0
    fake().handle('channels', ({ query }) => {
      calls += 1
      // The lock is lost while the second batch is on its way: its answer must not be written.
      if (calls === 2) lockLost.abort(new Error('lock lost'))
      return { body: { items: (query.id ?? '').split(',').flatMap(id => resources.get(id) ?? []) } }
    })

    await expect(runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now, { signal: lockLost.signal }))).rejects.toThrow('lock lost')
    expect(await snapshotCount(db)).toBe(50)
    const firstBatch = channelsListBatches(fake())[0]!
    expect(await collectionsOf(db).youtubeChannelSync.countDocuments({ statsCheckedAt: { $ne: null } })).toBe(50)

    clock.advance(MINUTE)
    fake().requests.length = 0
    expect(await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))).toMatchObject({ channelsChecked: 70, errors: 0 })
    expect(channelsListBatches(fake()).flat().some(id => firstBatch.includes(id))).toBe(false)
    expect(await snapshotCount(db)).toBe(120)
    expect(await youtubeQuotaLedger(db, { now: clock.now }).spentToday()).toBe(4)
  })
})

function feedOf(channelId: string): string {
  return channelId === channelIdFor(4)
    ? atomFeed(channelId, 'Fine', [{ videoId: 'fineVideo01', title: 'Fine', published: '2030-05-01T11:00:00+00:00' }])
    : atomFeed(channelId, 'Channel', [])
}
