import type { Db } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../../server/db/index.ts'
import { TwitchAuthError, TwitchRateLimitedError } from '../../../../server/platforms/twitch/index.ts'
import { runTwitchSync, TwitchUserMissingError } from '../../../../server/sync/twitch/index.ts'
import { contentsOf, useEmbeddedDatabase } from '../../embedded-database.ts'
import { twitchFixture } from '../../platforms/twitch/twitch-fixtures.ts'
import { MINUTE, seedCreators, START_MS, twitchCreatorInput, twitchRunSetup, useFakeTwitch } from './twitch-sync-harness.ts'

const { freshDb } = useEmbeddedDatabase()
const fake = useFakeTwitch()
const USERS = '/helix/users'
const FOLLOWERS = '/helix/channels/followers'
const [twitchDev] = twitchFixture('twitch-helix.users.json').data
const LAST_STREAM = new Date('2026-11-19T18:00:00Z')
const HOUR = 60 * MINUTE
const hoursBefore = (hours: number) => new Date(START_MS - hours * HOUR)
const youtube = {
  channelId: 'UC_x5XG1OV2P6uZZ5FSM9Ttw', handle: 'GoogleDevelopers', title: 'Google for Developers', subscribers: 2_000_000, views: 100, videos: 10,
  verified: true, joinedAt: new Date('2007-08-23T00:00:00Z'),
}

/** A stream of the user that the live task opened 10 minutes before the clock's start. */
async function openLiveSession(db: Db, creatorId: string, userId: string) {
  await collectionsOf(db).liveSessions.insertOne({
    streamId: `s_${userId}`, creatorId, userId, login: `user_${userId}`, title: 'Live', game: '', thumbnailUrl: '', startedAt: new Date(START_MS - 600_000), status: 'live',
    lastSeenAt: new Date(START_MS), samples: [], endedAt: null, endedBy: null, durationSeconds: null, viewers: null, eventPending: false,
    archiveVideoId: null, archiveCheckedAt: null, revision: 1, createdAt: new Date(START_MS), updatedAt: new Date(START_MS), expiresAt: null,
  })
}

/** How many followers calls asked about each broadcaster. */
function followerCallsByUser(): Record<string, number> {
  const calls: Record<string, number> = {}
  for (const request of fake.server().requestsTo(FOLLOWERS)) {
    const id = request.query.get('broadcaster_id')!
    calls[id] = (calls[id] ?? 0) + 1
  }
  return calls
}

function followersAnswer(totals: Record<string, number | 'fail'>) {
  return (request: { query: URLSearchParams }) => {
    const total = totals[request.query.get('broadcaster_id') ?? '']
    return total === 'fail' ? { status: 400, body: { error: 'Bad Request', status: 400, message: 'Invalid broadcaster_id' } } : { body: { total: total ?? 0, data: [], pagination: {} } }
  }
}

describe('runTwitchSync', () => {
  it('writes the real fixture user as profile and account, and its 8 followers as today\'s snapshot, keeping what Twitch does not say', async () => {
    const db = await freshDb()
    const [creatorId] = await seedCreators(db, [twitchCreatorInput(twitchDev.id, 'twitchdev', { category: 'technology', socialLinks: { site: 'https://dev.twitch.tv' } }, { lastStreamAt: LAST_STREAM })])
    const { options } = twitchRunSetup(fake.server())

    expect(await runTwitchSync(db, options)).toEqual({ channelsChecked: 1, followersChecked: 1, followersWaiting: 0, creatorsTouched: 1, snapshotsRecorded: 1, pointsSpent: 2, errors: 0 })

    const creator = await collectionsOf(db).creators.findOne({ creatorId })
    expect(creator).toMatchObject({
      name: 'TwitchDev', description: twitchDev.description, avatarUrl: twitchDev.profile_image_url, bannerUrl: twitchDev.offline_image_url,
      category: 'technology', socialLinks: { site: 'https://dev.twitch.tv' }, verified: true,
      stats: { subscribers: 8 }, metadata: { dataSource: 'platform-api', isActive: true, lastUpdated: new Date(START_MS) },
    })
    expect(creator?.platforms.twitch).toEqual({
      userId: '141981764', login: 'twitchdev', displayName: 'TwitchDev', followers: 8, videos: null,
      isLive: false, lastStreamAt: LAST_STREAM, verified: true, joinedAt: new Date('2016-12-14T20:32:28Z'), followersObservedAt: new Date(START_MS),
    })
    expect(await collectionsOf(db).growthStats.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{
      creatorId, platform: 'twitch', date: new Date('2026-11-20T00:00:00Z'), observedAt: new Date(START_MS), createdAt: new Date(START_MS), dataSource: 'platform-api',
      metrics: { followers: 8, videos: null, subscribers: null, views: null, engagement: null },
    }])
    expect(fake.server().requestsTo(FOLLOWERS).map(request => request.query.get('broadcaster_id'))).toEqual(['141981764'])
  })

  it('changes nothing when run again with the same answers', async () => {
    const db = await freshDb()
    await seedCreators(db, [twitchCreatorInput(twitchDev.id, 'twitchdev')])
    const { options } = twitchRunSetup(fake.server())
    await runTwitchSync(db, options)
    const before = await contentsOf(db)
    expect(await runTwitchSync(db, options)).toMatchObject({ creatorsTouched: 1, snapshotsRecorded: 0, errors: 0 })
    expect(await contentsOf(db)).toEqual(before)
  })

  it('updates a creator on YouTube too in its Twitch account only: the YouTube sync owns its profile', async () => {
    const db = await freshDb()
    const [creatorId] = await seedCreators(db, [twitchCreatorInput(twitchDev.id, 'twitchdev', { name: 'Google for Developers', platforms: { youtube, twitch: twitchCreatorInput(twitchDev.id, 'twitchdev').platforms.twitch! } })])
    await runTwitchSync(db, twitchRunSetup(fake.server()).options)
    const creator = await collectionsOf(db).creators.findOne({ creatorId })
    expect(creator).toMatchObject({ name: 'Google for Developers', avatarUrl: '', platforms: { youtube, twitch: { displayName: 'TwitchDev', followers: 8 } }, stats: { subscribers: 2_000_008 } })
  })

  it('asks for 250 channels in three users calls of at most 100, and records each one\'s followers', async () => {
    const db = await freshDb()
    await seedCreators(db, Array.from({ length: 250 }, (_, i) => twitchCreatorInput(String(1000 + i), `channel_${1000 + i}`)))
    const { options } = twitchRunSetup(fake.server())
    expect(await runTwitchSync(db, options)).toEqual({ channelsChecked: 250, followersChecked: 250, followersWaiting: 0, creatorsTouched: 250, snapshotsRecorded: 250, pointsSpent: 253, errors: 0 })
    expect(fake.server().requestsTo(USERS).map(request => request.query.getAll('id').length)).toEqual([100, 100, 50])
    expect(await collectionsOf(db).growthStats.countDocuments({ 'metrics.followers': 8 })).toBe(250)
  })

  it('takes the least recently written channels first, so a run stopped early is continued by the next', async () => {
    const db = await freshDb()
    await seedCreators(db, Array.from({ length: 150 }, (_, i) => twitchCreatorInput(String(1000 + i), `channel_${1000 + i}`)))
    const stop = new AbortController()
    const { options, at } = twitchRunSetup(fake.server())
    // Stopped (its time budget spent) as soon as its first batch is written.
    expect(await runTwitchSync(db, { ...options, signal: stop.signal, onChange: () => stop.abort() })).toMatchObject({ channelsChecked: 100, creatorsTouched: 100 })
    const firstRun = fake.server().requestsTo(USERS).map(request => request.query.getAll('id'))
    expect(firstRun.map(ids => ids.length)).toEqual([100])
    at(30)
    await runTwitchSync(db, options)
    const secondRun = fake.server().requestsTo(USERS).slice(1).map(request => request.query.getAll('id'))
    expect(secondRun.map(ids => ids.length)).toEqual([100, 50])
    const rest = Array.from({ length: 150 }, (_, i) => String(1000 + i)).filter(id => !firstRun[0]!.includes(id))
    expect(secondRun[0]!.slice(0, 50).sort()).toEqual(rest.sort())
  })

  it('leaves paused and demo creators alone', async () => {
    const db = await freshDb()
    await seedCreators(db, [
      twitchCreatorInput('1', 'paused_one', { isActive: false }),
      twitchCreatorInput('2', 'demo_one', { dataSource: 'demo' }),
      twitchCreatorInput('3', 'tracked_one'),
    ])
    expect(await runTwitchSync(db, twitchRunSetup(fake.server()).options)).toMatchObject({ channelsChecked: 1, creatorsTouched: 1 })
    expect(fake.server().requestsTo(USERS).map(request => request.query.getAll('id'))).toEqual([['3']])
  })

  it('stops at refused credentials: the error is reported and no Twitch call follows', async () => {
    const db = await freshDb()
    await seedCreators(db, Array.from({ length: 150 }, (_, i) => twitchCreatorInput(String(1000 + i), `channel_${1000 + i}`)))
    const { options, errors } = twitchRunSetup(fake.server(), { clientSecret: 'not-the-secret' })
    expect(await runTwitchSync(db, options)).toEqual({ channelsChecked: 100, followersChecked: 0, followersWaiting: 150, creatorsTouched: 0, snapshotsRecorded: 0, pointsSpent: 0, errors: 1 })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(TwitchAuthError)
    expect(fake.server().requests.map(request => request.path)).toEqual(['/oauth2/token'])
    expect(await collectionsOf(db).growthStats.countDocuments()).toBe(0)
  })

  it('skips a failing channel and a vanished one, and syncs the others', async () => {
    const db = await freshDb()
    const [failing, vanished, fine] = await seedCreators(db, [twitchCreatorInput('1', 'failing_one'), twitchCreatorInput('2', 'vanished_one'), twitchCreatorInput('3', 'fine_one')])
    const server = fake.server()
    server.route(USERS, request => ({ body: { data: request.query.getAll('id').filter(id => id !== '2').map(id => ({ ...twitchDev, id, login: `user_${id}` })) } }))
    server.route(FOLLOWERS, followersAnswer({ 1: 'fail', 3: 42 }))
    const { options, errors } = twitchRunSetup(server)
    expect(await runTwitchSync(db, options)).toEqual({ channelsChecked: 3, followersChecked: 2, followersWaiting: 1, creatorsTouched: 1, snapshotsRecorded: 1, pointsSpent: 3, errors: 2 })
    expect(errors.map(error => (error as Error).name).sort()).toEqual(['TwitchApiError', 'TwitchUserMissingError'])
    expect(errors.find(error => error instanceof TwitchUserMissingError)).toMatchObject({ userId: '2' })
    const snapshots = await collectionsOf(db).growthStats.find({}).toArray()
    expect(snapshots.map(snapshot => [snapshot.creatorId, snapshot.metrics.followers])).toEqual([[fine, 42]])
    const stored = await collectionsOf(db).creators.find({ creatorId: { $in: [failing!, vanished!] } }).toArray()
    expect(stored.map(creator => creator.platforms.twitch?.followers)).toEqual([null, null])
  })

  it('waits out a 429 until its Ratelimit-Reset, counting the refused call, and completes the run', async () => {
    const db = await freshDb()
    await seedCreators(db, [twitchCreatorInput('1', 'first_one'), twitchCreatorInput('2', 'second_one')])
    const server = fake.server()
    server.enqueue(FOLLOWERS, { status: 429, body: twitchFixture('twitch-error.429.json'), headers: { 'Ratelimit-Remaining': '0', 'Ratelimit-Reset': String(START_MS / 1000 + 20) } })
    const { options, clock } = twitchRunSetup(server)
    expect(await runTwitchSync(db, { ...options, concurrency: 1 })).toEqual({ channelsChecked: 2, followersChecked: 2, followersWaiting: 0, creatorsTouched: 2, snapshotsRecorded: 2, pointsSpent: 4, errors: 0 })
    expect(clock.sleeps).toEqual([20_000])
  })

  it('stops calling when the rate limit resets too late, and still writes what it fetched', async () => {
    const db = await freshDb()
    const [first] = await seedCreators(db, [twitchCreatorInput('1', 'first_one'), twitchCreatorInput('2', 'second_one'), twitchCreatorInput('3', 'third_one')])
    const server = fake.server()
    server.enqueue(FOLLOWERS, { body: { total: 5, data: [] } }, { status: 429, body: twitchFixture('twitch-error.429.json'), headers: { 'Ratelimit-Remaining': '0', 'Ratelimit-Reset': String(START_MS / 1000 + 600) } })
    const { options, errors, clock } = twitchRunSetup(server)
    expect(await runTwitchSync(db, { ...options, concurrency: 1 })).toEqual({ channelsChecked: 3, followersChecked: 2, followersWaiting: 1, creatorsTouched: 1, snapshotsRecorded: 1, pointsSpent: 3, errors: 1 })
    expect(errors[0]).toBeInstanceOf(TwitchRateLimitedError)
    expect(clock.sleeps).toEqual([])
    expect(server.requestsTo(FOLLOWERS)).toHaveLength(2)
    expect((await collectionsOf(db).growthStats.find({}).toArray()).map(snapshot => [snapshot.creatorId, snapshot.metrics.followers])).toEqual([[first, 5]])
  })

  it('carries the live state over from the live sessions, not from a stale read', async () => {
    const db = await freshDb()
    const [creatorId] = await seedCreators(db, [twitchCreatorInput(twitchDev.id, 'twitchdev', {}, { isLive: true, lastStreamAt: LAST_STREAM })])
    await openLiveSession(db, creatorId!, twitchDev.id)
    await runTwitchSync(db, twitchRunSetup(fake.server()).options)
    expect((await collectionsOf(db).creators.findOne({ creatorId }))?.platforms.twitch).toMatchObject({ isLive: true, lastStreamAt: new Date(START_MS - 600_000) })
  })
})

// START_MS is 12:00 UTC: "hours before" it are the same UTC day up to 12 h.
describe('runTwitchSync: whose followers it asks for', () => {
  it.each([
    { channel: 'a quiet one observed 1 h ago', observedHoursAgo: 1, streamedHoursAgo: null, asked: false },
    { channel: 'a quiet one observed 7 h ago', observedHoursAgo: 7, streamedHoursAgo: null, asked: true },
    { channel: 'one that last streamed 3 days ago, observed 1 h ago', observedHoursAgo: 1, streamedHoursAgo: 72, asked: false },
    { channel: 'one that streamed 47 h ago, observed 30 min ago', observedHoursAgo: 0.5, streamedHoursAgo: 47, asked: true },
    { channel: 'one streaming lately but observed 20 min ago (a second run in the same half hour)', observedHoursAgo: 1 / 3, streamedHoursAgo: 2, asked: false },
    { channel: 'one never observed', observedHoursAgo: null, streamedHoursAgo: null, asked: true },
  ])('$channel: asked $asked', async ({ observedHoursAgo, streamedHoursAgo, asked }) => {
    const db = await freshDb()
    const observedAt = observedHoursAgo === null ? undefined : hoursBefore(observedHoursAgo)
    const account = { followers: 5, lastStreamAt: streamedHoursAgo === null ? null : hoursBefore(streamedHoursAgo), ...(observedAt && { followersObservedAt: observedAt }) }
    const [creatorId] = await seedCreators(db, [twitchCreatorInput(twitchDev.id, 'twitchdev', {}, account)])
    const counts = await runTwitchSync(db, twitchRunSetup(fake.server()).options)

    expect(counts).toMatchObject({ channelsChecked: 1, followersChecked: asked ? 1 : 0, followersWaiting: 0, creatorsTouched: 1, snapshotsRecorded: asked ? 1 : 0 })
    const creator = await collectionsOf(db).creators.findOne({ creatorId })
    // The profile comes from the users call either way; the followers only from a followers call.
    expect(creator).toMatchObject({ name: 'TwitchDev', metadata: { lastUpdated: new Date(START_MS) } })
    expect(creator?.platforms.twitch).toMatchObject(asked ? { followers: 8, followersObservedAt: new Date(START_MS) } : { followers: 5, followersObservedAt: observedAt })
    expect(fake.server().requestsTo(FOLLOWERS)).toHaveLength(asked ? 1 : 0)
    // Nothing observed, nothing dated now: a channel not asked gets no snapshot.
    expect(await collectionsOf(db).growthStats.countDocuments({ creatorId })).toBe(asked ? 1 : 0)
  })

  it('asks a live or recently streaming channel at every run, a quiet one once in 6 hours', async () => {
    const db = await freshDb()
    const [live] = await seedCreators(db, [
      twitchCreatorInput('1', 'live_one'),
      twitchCreatorInput('2', 'recent_one', {}, { lastStreamAt: hoursBefore(20) }),
      twitchCreatorInput('3', 'quiet_one', {}, { lastStreamAt: hoursBefore(120) }),
    ])
    await openLiveSession(db, live!, '1')
    const { options, at } = twitchRunSetup(fake.server())
    for (const minutes of [0, 30, 60, 90]) {
      at(minutes)
      await runTwitchSync(db, options)
    }
    expect(followerCallsByUser()).toEqual({ 1: 4, 2: 4, 3: 1 })
    expect(fake.server().requestsTo(USERS)).toHaveLength(4)
  })

  it('writes today\'s snapshot in the first run of a UTC day, even for a quiet channel observed hours before midnight', async () => {
    const db = await freshDb()
    const lateEvening = new Date('2026-11-20T20:00:00Z')
    const [creatorId] = await seedCreators(db, [twitchCreatorInput(twitchDev.id, 'twitchdev', {}, { followers: 5, followersObservedAt: lateEvening })])
    const { options, at } = twitchRunSetup(fake.server())
    const runAt = async (time: string) => {
      at((Date.parse(time) - START_MS) / MINUTE)
      return runTwitchSync(db, options)
    }
    expect(await runAt('2026-11-20T23:30:00Z')).toMatchObject({ followersChecked: 0, snapshotsRecorded: 0 })
    expect(await runAt('2026-11-21T00:00:00Z')).toMatchObject({ followersChecked: 1, snapshotsRecorded: 1 })
    expect(await runAt('2026-11-21T00:30:00Z')).toMatchObject({ followersChecked: 0, snapshotsRecorded: 0 })
    expect(await collectionsOf(db).growthStats.find({ creatorId }, { projection: { _id: 0, date: 1, observedAt: 1, metrics: { followers: 1 } } }).toArray())
      .toEqual([{ date: new Date('2026-11-21T00:00:00Z'), observedAt: new Date('2026-11-21T00:00:00Z'), metrics: { followers: 8 } }])
  })

  it('asks the most overdue first, up to the run\'s cap, and leaves the rest waiting for the next run', async () => {
    const db = await freshDb()
    await seedCreators(db, [
      twitchCreatorInput('1', 'observed_7h_ago', {}, { followersObservedAt: hoursBefore(7) }),
      twitchCreatorInput('2', 'active_observed_40min_ago', {}, { followersObservedAt: hoursBefore(2 / 3), lastStreamAt: hoursBefore(3) }),
      twitchCreatorInput('3', 'observed_10h_ago', {}, { followersObservedAt: hoursBefore(10) }),
      twitchCreatorInput('4', 'never_observed'),
      twitchCreatorInput('5', 'observed_1h_ago', {}, { followersObservedAt: hoursBefore(1) }),
    ])
    const { options, at } = twitchRunSetup(fake.server())
    // Overdue by: never, 10/6 = 1.67, 40/30 = 1.33, 7/6 = 1.17 intervals; the last is not due.
    expect(await runTwitchSync(db, { ...options, cadence: { maxCallsPerRun: 3 } })).toMatchObject({ followersChecked: 3, followersWaiting: 1, snapshotsRecorded: 3 })
    expect(followerCallsByUser()).toEqual({ 2: 1, 3: 1, 4: 1 })
    at(30)
    expect(await runTwitchSync(db, { ...options, cadence: { maxCallsPerRun: 3 } })).toMatchObject({ followersChecked: 2, followersWaiting: 0 })
    expect(followerCallsByUser()).toEqual({ 1: 1, 2: 2, 3: 1, 4: 1 })
  })

  it('spaces the follower calls beyond the burst at the cadence\'s pace, so the live poll finds points left', async () => {
    const db = await freshDb()
    await seedCreators(db, Array.from({ length: 250 }, (_, i) => twitchCreatorInput(String(1000 + i), `channel_${1000 + i}`)))
    const { options, clock } = twitchRunSetup(fake.server())
    expect(await runTwitchSync(db, { ...options, cadence: { burstCalls: 100, callsPerMinute: 600 } })).toMatchObject({ followersChecked: 250 })
    // 150 calls after the burst, 100 ms apart; the connector never had to wait.
    expect(clock.now() - START_MS).toBe(15_000)
    expect(clock.sleeps).toEqual([])
  })

  it('writes a pending creator\'s followers and snapshot first, even past the run\'s cap', async () => {
    const db = await freshDb()
    const [, pending] = await seedCreators(db, [twitchCreatorInput('1', 'never_observed'), twitchCreatorInput('2', 'pending_one', { pending: true })])
    expect(await runTwitchSync(db, { ...twitchRunSetup(fake.server()).options, cadence: { maxCallsPerRun: 1 } })).toMatchObject({ followersChecked: 1, followersWaiting: 1 })
    expect(followerCallsByUser()).toEqual({ 2: 1 })
    expect((await collectionsOf(db).creators.findOne({ creatorId: pending }))?.metadata).not.toHaveProperty('hidden')
  })
})
