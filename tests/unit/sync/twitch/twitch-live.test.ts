import type { Db } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../../server/db/index.ts'
import { eventIdFor } from '../../../../server/domain/index.ts'
import { liveStreamEndedOf, liveStreamStartedOf } from '../../../../server/platforms/twitch/eventsub.ts'
import { markStreamOffline, markStreamOnline, runTwitchLive } from '../../../../server/sync/twitch/index.ts'
import { changeLiveSession } from '../../../../server/sync/twitch/live-session-store.ts'
import { sessionEnded } from '../../../../server/sync/twitch/live-session-transitions.ts'
import { contentsOf, useEmbeddedDatabase } from '../../embedded-database.ts'
import type { FakeTwitchServer } from '../../platforms/twitch/fake-twitch-server.ts'
import { twitchFixture } from '../../platforms/twitch/twitch-fixtures.ts'
import { MINUTE, seedCreators, START_MS, twitchCreatorInput, twitchRunSetup, useFakeTwitch } from './twitch-sync-harness.ts'

const { freshDb } = useEmbeddedDatabase()
const fake = useFakeTwitch()
const STREAMS = '/helix/streams'
const VIDEOS = '/helix/videos'
const [realStream] = twitchFixture('twitch-helix.streams.json').data
const [realArchive] = twitchFixture('twitch-helix.videos.archive.json').data
const USER_ID = '98765'
const STREAM_ID = '123456789'
const STARTED_AT = new Date(START_MS - 2 * MINUTE)
const minutes = (n: number) => new Date(START_MS + n * MINUTE)

/** The real Get Streams entry, started two minutes before the clock, with `viewers` watching; null = offline. */
function liveAs(server: FakeTwitchServer): (viewers: number | null) => void {
  let current: number | null = null
  server.route(STREAMS, request => ({
    body: { data: current !== null && request.query.getAll('user_id').includes(USER_ID) ? [{ ...realStream, started_at: STARTED_AT.toISOString(), viewer_count: current }] : [], pagination: {} },
  }))
  return (viewers) => {
    current = viewers
  }
}

function archivesAs(server: FakeTwitchServer): (videos: unknown[]) => void {
  let current: unknown[] = []
  server.route(VIDEOS, () => ({ body: { data: current, pagination: {} } }))
  return (videos) => {
    current = videos
  }
}

/** The real archive fixture as the VOD of our stream. */
const ourArchive = { ...realArchive, user_id: USER_ID, stream_id: STREAM_ID, created_at: STARTED_AT.toISOString() }

async function seed(db: Db, overrides = {}): Promise<string> {
  const [creatorId] = await seedCreators(db, [twitchCreatorInput(USER_ID, 'sandysanderman', overrides)])
  return creatorId!
}

async function streamEvent(db: Db, creatorId: string) {
  return collectionsOf(db).timelineEvents.findOne({ eventId: eventIdFor(creatorId, 'twitch', 'stream', STREAM_ID) }, { projection: { _id: 0 } })
}

async function twitchAccountOf(db: Db, creatorId: string) {
  return (await collectionsOf(db).creators.findOne({ creatorId }))?.platforms.twitch
}

async function session(db: Db) {
  return collectionsOf(db).liveSessions.findOne({ streamId: STREAM_ID }, { projection: { _id: 0 } })
}

describe('runTwitchLive', () => {
  it('follows a stream over three polls and makes it one stream event with duration, peak, average viewers and hours watched', async () => {
    const db = await freshDb()
    const creatorId = await seed(db)
    const server = fake.server()
    const viewers = liveAs(server)
    archivesAs(server)
    const { options, at } = twitchRunSetup(server)

    viewers(120)
    expect(await runTwitchLive(db, options)).toEqual({ live: 1, started: 1, ended: 0, eventsUpserted: 0, pointsSpent: 1, errors: 0 })
    expect(await twitchAccountOf(db, creatorId)).toMatchObject({ isLive: true, lastStreamAt: STARTED_AT })
    at(5)
    viewers(400)
    expect(await runTwitchLive(db, options)).toMatchObject({ live: 1, started: 0, ended: 0 })
    at(10)
    viewers(90)
    await runTwitchLive(db, options)
    expect(await streamEvent(db, creatorId)).toBeNull()

    at(15)
    viewers(null)
    expect(await runTwitchLive(db, options)).toEqual({ live: 0, started: 0, ended: 1, eventsUpserted: 1, pointsSpent: 2, errors: 0 })
    // Ended when last seen (minute 10): 120 for 5 min + 400 for 5 min = 2,600 viewer-minutes over 10 minutes sampled.
    expect(await streamEvent(db, creatorId)).toMatchObject({
      platform: 'twitch', type: 'stream', platformEventId: STREAM_ID, title: realStream.title, publishedAt: STARTED_AT,
      metrics: { peakViewers: 400, averageViewers: 260, views: null },
      media: { durationSeconds: 12 * 60, url: 'https://www.twitch.tv/sandysanderman', thumbnailUrl: realStream.thumbnail_url.replace('{width}x{height}', '320x180') },
    })
    expect(await session(db)).toMatchObject({
      status: 'ended', endedBy: 'poll', endedAt: minutes(10), eventPending: false,
      samples: [{ at: minutes(0), viewers: 120 }, { at: minutes(5), viewers: 400 }, { at: minutes(10), viewers: 90 }],
      viewers: { peakViewers: 400, averageViewers: 260, hoursWatched: 2600 / 60, hoursLive: 10 / 60 },
    })
    expect(await twitchAccountOf(db, creatorId)).toMatchObject({ isLive: false, lastStreamAt: STARTED_AT })
    expect(await collectionsOf(db).timelineEvents.countDocuments({ type: 'stream' })).toBe(1)
  })

  it('changes nothing when the same poll is run again', async () => {
    const db = await freshDb()
    await seed(db)
    const server = fake.server()
    liveAs(server)(500)
    const { options } = twitchRunSetup(server)
    await runTwitchLive(db, options)
    const before = await contentsOf(db)
    expect(await runTwitchLive(db, options)).toEqual({ live: 1, started: 0, ended: 0, eventsUpserted: 0, pointsSpent: 1, errors: 0 })
    expect(await contentsOf(db)).toEqual(before)
  })

  it('merges the archive video once it appears, keeping the peak and average viewers of the live samples', async () => {
    const db = await freshDb()
    const creatorId = await seed(db)
    const server = fake.server()
    const viewers = liveAs(server)
    const archives = archivesAs(server)
    const { options, at } = twitchRunSetup(server)
    viewers(100)
    await runTwitchLive(db, options)
    at(5)
    viewers(300)
    await runTwitchLive(db, options)
    at(10)
    viewers(null)
    await runTwitchLive(db, options)
    expect(server.requestsTo(VIDEOS)).toHaveLength(1)

    archives([ourArchive])
    at(20)
    expect(await runTwitchLive(db, options)).toMatchObject({ eventsUpserted: 0 })
    expect(server.requestsTo(VIDEOS)).toHaveLength(1)
    at(40)
    expect(await runTwitchLive(db, options)).toMatchObject({ eventsUpserted: 1, ended: 0 })
    expect(await streamEvent(db, creatorId)).toMatchObject({
      publishedAt: STARTED_AT,
      metrics: { views: 142, peakViewers: 300, averageViewers: 100 },
      media: { durationSeconds: 3 * 3600 + 8 * 60 + 33, url: 'https://www.twitch.tv/videos/234482848', thumbnailUrl: realArchive.thumbnail_url.replace('%{width}x%{height}', '320x180') },
    })
    expect(await session(db)).toMatchObject({ archiveVideoId: '234482848' })
    at(80)
    await runTwitchLive(db, options)
    expect(server.requestsTo(VIDEOS)).toHaveLength(2)
  })

  it('keeps the archive\'s views and link when the stream is seen again and ends a second time', async () => {
    const db = await freshDb()
    const creatorId = await seed(db)
    const server = fake.server()
    const viewers = liveAs(server)
    archivesAs(server)([ourArchive])
    const { options, at } = twitchRunSetup(server)
    viewers(100)
    await runTwitchLive(db, options)
    at(5)
    viewers(null)
    await runTwitchLive(db, options)
    expect(await streamEvent(db, creatorId)).toMatchObject({ metrics: { views: 142, peakViewers: 100 } })

    at(10)
    viewers(700)
    expect(await runTwitchLive(db, options)).toMatchObject({ live: 1, started: 0 })
    at(15)
    viewers(null)
    expect(await runTwitchLive(db, options)).toMatchObject({ ended: 1, eventsUpserted: 1 })
    expect(await streamEvent(db, creatorId)).toMatchObject({
      metrics: { views: 142, peakViewers: 700 },
      media: { url: 'https://www.twitch.tv/videos/234482848', durationSeconds: 3 * 3600 + 8 * 60 + 33 },
    })
  })

  it('writes the event of a session a dead run ended without writing it', async () => {
    const db = await freshDb()
    const creatorId = await seed(db)
    const server = fake.server()
    liveAs(server)(250)
    const { options, at } = twitchRunSetup(server)
    await runTwitchLive(db, options)
    // The dying run got this far: the session is ended, its event not written.
    await changeLiveSession(db, STREAM_ID, stored => sessionEnded(stored, minutes(3), 'poll', minutes(3)))
    at(5)
    liveAs(server)(null)
    expect(await runTwitchLive(db, options)).toMatchObject({ ended: 0, eventsUpserted: 1 })
    expect(await streamEvent(db, creatorId)).toMatchObject({ metrics: { peakViewers: 250, averageViewers: 250 }, media: { durationSeconds: 5 * 60 } })
    expect(await session(db)).toMatchObject({ eventPending: false })
  })

  it('closes the session of a stream that ended while no run was polling, at its last sighting', async () => {
    const db = await freshDb()
    const creatorId = await seed(db)
    const server = fake.server()
    const viewers = liveAs(server)
    const { options, at } = twitchRunSetup(server)
    viewers(60)
    await runTwitchLive(db, options)
    at(180)
    viewers(null)
    expect(await runTwitchLive(db, options)).toMatchObject({ ended: 1, eventsUpserted: 1 })
    expect(await streamEvent(db, creatorId)).toMatchObject({ media: { durationSeconds: 2 * 60 } })
  })

  it('keeps a live session open while its batch fails, and closes it once nothing checked it for half an hour', async () => {
    const db = await freshDb()
    const creatorId = await seed(db)
    const server = fake.server()
    liveAs(server)(80)
    const { options, at, errors } = twitchRunSetup(server)
    await runTwitchLive(db, options)
    const refused = { status: 400, body: { error: 'Bad Request', status: 400, message: 'broken' } }
    server.enqueue(STREAMS, refused, refused)
    at(5)
    expect(await runTwitchLive(db, options)).toMatchObject({ live: 1, ended: 0, errors: 1 })
    expect(await twitchAccountOf(db, creatorId)).toMatchObject({ isLive: true })
    at(40)
    expect(await runTwitchLive(db, options)).toMatchObject({ live: 0, ended: 1, errors: 1 })
    expect(await session(db)).toMatchObject({ endedBy: 'stale', endedAt: minutes(0) })
    expect(await twitchAccountOf(db, creatorId)).toMatchObject({ isLive: false })
    expect(errors).toHaveLength(2)
  })

  it('switches off a paused creator that was live', async () => {
    const db = await freshDb()
    const creatorId = await seed(db)
    const server = fake.server()
    liveAs(server)(80)
    const { options, at } = twitchRunSetup(server)
    await runTwitchLive(db, options)
    const input = twitchCreatorInput(USER_ID, 'sandysanderman', { isActive: false }, { isLive: true, lastStreamAt: STARTED_AT })
    await seedCreators(db, [input])
    at(35)
    expect(await runTwitchLive(db, options)).toMatchObject({ live: 0, ended: 1 })
    expect(await twitchAccountOf(db, creatorId)).toMatchObject({ isLive: false })
    expect(server.requestsTo(STREAMS)).toHaveLength(1)
  })

  it('waits out a 429 until its Ratelimit-Reset, counting the refused call, and completes the run', async () => {
    const db = await freshDb()
    await seed(db)
    const server = fake.server()
    liveAs(server)(10)
    server.enqueue(STREAMS, { status: 429, body: twitchFixture('twitch-error.429.json'), headers: { 'Ratelimit-Remaining': '0', 'Ratelimit-Reset': String(START_MS / 1000 + 20) } })
    const { options, clock } = twitchRunSetup(server)
    expect(await runTwitchLive(db, options)).toEqual({ live: 1, started: 1, ended: 0, eventsUpserted: 0, pointsSpent: 2, errors: 0 })
    expect(clock.sleeps).toEqual([20_000])
  })

  it('asks for 250 channels in three streams calls', async () => {
    const db = await freshDb()
    await seedCreators(db, Array.from({ length: 250 }, (_, i) => twitchCreatorInput(String(1000 + i), `channel_${1000 + i}`)))
    const server = fake.server()
    const { options } = twitchRunSetup(server)
    expect(await runTwitchLive(db, options)).toMatchObject({ live: 0, pointsSpent: 3 })
    expect(server.requestsTo(STREAMS).map(request => request.query.getAll('user_id').length)).toEqual([100, 100, 50])
  })
})

describe('EventSub stream notices', () => {
  const online = () => liveStreamStartedOf({ id: STREAM_ID, broadcaster_user_id: USER_ID, broadcaster_user_login: 'sandysanderman', broadcaster_user_name: 'SandySanderman', type: 'live', started_at: STARTED_AT })
  const offline = () => liveStreamEndedOf({ broadcaster_user_id: USER_ID, broadcaster_user_login: 'sandysanderman', broadcaster_user_name: 'SandySanderman' })

  it('ends the session on stream.offline as polling would, and a lagging poll does not reopen it', async () => {
    const db = await freshDb()
    const creatorId = await seed(db)
    const server = fake.server()
    const viewers = liveAs(server)
    const { options, at } = twitchRunSetup(server)
    viewers(120)
    await runTwitchLive(db, options)
    at(5)
    viewers(400)
    await runTwitchLive(db, options)

    expect(await markStreamOffline(db, offline(), { at: minutes(7) })).toEqual({ creatorId, ended: 1, eventsUpserted: 1 })
    // 120 for 5 min + 400 for 2 min = 1,400 viewer-minutes over 7 minutes.
    expect(await streamEvent(db, creatorId)).toMatchObject({ metrics: { peakViewers: 400, averageViewers: 200 }, media: { durationSeconds: 9 * 60 } })
    expect(await session(db)).toMatchObject({ status: 'ended', endedBy: 'webhook', endedAt: minutes(7), viewers: { hoursWatched: 1400 / 60 } })
    expect(await twitchAccountOf(db, creatorId)).toMatchObject({ isLive: false })

    at(8)
    expect(await runTwitchLive(db, options)).toMatchObject({ live: 0, started: 0, ended: 0, eventsUpserted: 0 })
    expect(await session(db)).toMatchObject({ status: 'ended', samples: [{ viewers: 120 }, { viewers: 400 }] })
    expect(await markStreamOffline(db, offline(), { at: minutes(9) })).toEqual({ creatorId, ended: 0, eventsUpserted: 0 })
  })

  it('shows the creator live on stream.online; the polls then carry on with the same session', async () => {
    const db = await freshDb()
    const creatorId = await seed(db)
    const server = fake.server()
    const viewers = liveAs(server)
    const { options, at } = twitchRunSetup(server)
    expect(await markStreamOnline(db, online(), { at: minutes(-1) })).toEqual({ creatorId, opened: true, ended: 0, eventsUpserted: 0 })
    expect(await twitchAccountOf(db, creatorId)).toMatchObject({ isLive: true, lastStreamAt: STARTED_AT })
    expect(await markStreamOnline(db, online(), { at: minutes(-1) })).toMatchObject({ opened: false })

    // Helix does not list the stream yet: the session stays open.
    expect(await runTwitchLive(db, options)).toMatchObject({ live: 1, started: 0, ended: 0 })
    at(5)
    viewers(50)
    expect(await runTwitchLive(db, options)).toMatchObject({ live: 1, started: 0 })
    expect(await session(db)).toMatchObject({ title: realStream.title, samples: [{ at: minutes(5), viewers: 50 }] })
  })

  it('ignores notices for channels no tracked creator has', async () => {
    const db = await freshDb()
    expect(await markStreamOnline(db, online(), { at: minutes(0) })).toEqual({ creatorId: null, opened: false, ended: 0, eventsUpserted: 0 })
    expect(await markStreamOffline(db, offline(), { at: minutes(1) })).toEqual({ creatorId: null, ended: 0, eventsUpserted: 0 })
    expect(await collectionsOf(db).liveSessions.countDocuments()).toBe(0)
  })
})
