import { describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../../server/db/index.ts'
import { TwitchAuthError, TwitchRateLimitedError } from '../../../../server/platforms/twitch/index.ts'
import { runTwitchSync, TwitchUserMissingError } from '../../../../server/sync/twitch/index.ts'
import { contentsOf, useEmbeddedDatabase } from '../../embedded-database.ts'
import { twitchFixture } from '../../platforms/twitch/twitch-fixtures.ts'
import { seedCreators, START_MS, twitchCreatorInput, twitchRunSetup, useFakeTwitch } from './twitch-sync-harness.ts'

const { freshDb } = useEmbeddedDatabase()
const fake = useFakeTwitch()
const USERS = '/helix/users'
const FOLLOWERS = '/helix/channels/followers'
const [twitchDev] = twitchFixture('twitch-helix.users.json').data
const LAST_STREAM = new Date('2026-11-19T18:00:00Z')
const youtube = {
  channelId: 'UC_x5XG1OV2P6uZZ5FSM9Ttw', handle: 'GoogleDevelopers', title: 'Google for Developers', subscribers: 2_000_000, views: 100, videos: 10,
  verified: true, joinedAt: new Date('2007-08-23T00:00:00Z'),
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

    expect(await runTwitchSync(db, options)).toEqual({ channelsChecked: 1, creatorsTouched: 1, snapshotsRecorded: 1, pointsSpent: 2, errors: 0 })

    const creator = await collectionsOf(db).creators.findOne({ creatorId })
    expect(creator).toMatchObject({
      name: 'TwitchDev', description: twitchDev.description, avatarUrl: twitchDev.profile_image_url, bannerUrl: twitchDev.offline_image_url,
      category: 'technology', socialLinks: { site: 'https://dev.twitch.tv' }, verified: true,
      stats: { subscribers: 8 }, metadata: { dataSource: 'platform-api', isActive: true, lastUpdated: new Date(START_MS) },
    })
    expect(creator?.platforms.twitch).toEqual({
      userId: '141981764', login: 'twitchdev', displayName: 'TwitchDev', followers: 8, videos: null,
      isLive: false, lastStreamAt: LAST_STREAM, verified: true, joinedAt: new Date('2016-12-14T20:32:28Z'),
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
    expect(await runTwitchSync(db, options)).toEqual({ channelsChecked: 250, creatorsTouched: 250, snapshotsRecorded: 250, pointsSpent: 253, errors: 0 })
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
    expect(await runTwitchSync(db, options)).toEqual({ channelsChecked: 100, creatorsTouched: 0, snapshotsRecorded: 0, pointsSpent: 0, errors: 1 })
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
    expect(await runTwitchSync(db, options)).toEqual({ channelsChecked: 3, creatorsTouched: 1, snapshotsRecorded: 1, pointsSpent: 3, errors: 2 })
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
    expect(await runTwitchSync(db, { ...options, concurrency: 1 })).toEqual({ channelsChecked: 2, creatorsTouched: 2, snapshotsRecorded: 2, pointsSpent: 4, errors: 0 })
    expect(clock.sleeps).toEqual([20_000])
  })

  it('stops calling when the rate limit resets too late, and still writes what it fetched', async () => {
    const db = await freshDb()
    const [first] = await seedCreators(db, [twitchCreatorInput('1', 'first_one'), twitchCreatorInput('2', 'second_one'), twitchCreatorInput('3', 'third_one')])
    const server = fake.server()
    server.enqueue(FOLLOWERS, { body: { total: 5, data: [] } }, { status: 429, body: twitchFixture('twitch-error.429.json'), headers: { 'Ratelimit-Remaining': '0', 'Ratelimit-Reset': String(START_MS / 1000 + 600) } })
    const { options, errors, clock } = twitchRunSetup(server)
    expect(await runTwitchSync(db, { ...options, concurrency: 1 })).toEqual({ channelsChecked: 3, creatorsTouched: 1, snapshotsRecorded: 1, pointsSpent: 3, errors: 1 })
    expect(errors[0]).toBeInstanceOf(TwitchRateLimitedError)
    expect(clock.sleeps).toEqual([])
    expect(server.requestsTo(FOLLOWERS)).toHaveLength(2)
    expect((await collectionsOf(db).growthStats.find({}).toArray()).map(snapshot => [snapshot.creatorId, snapshot.metrics.followers])).toEqual([[first, 5]])
  })

  it('carries the live state over from the live sessions, not from a stale read', async () => {
    const db = await freshDb()
    const [creatorId] = await seedCreators(db, [twitchCreatorInput(twitchDev.id, 'twitchdev', {}, { isLive: true, lastStreamAt: LAST_STREAM })])
    await collectionsOf(db).liveSessions.insertOne({
      streamId: 's1', creatorId: creatorId!, userId: twitchDev.id, login: 'twitchdev', title: 'Live', game: '', thumbnailUrl: '', startedAt: new Date(START_MS - 600_000), status: 'live',
      lastSeenAt: new Date(START_MS), samples: [], endedAt: null, endedBy: null, durationSeconds: null, viewers: null, eventPending: false,
      archiveVideoId: null, archiveCheckedAt: null, revision: 1, createdAt: new Date(START_MS), updatedAt: new Date(START_MS), expiresAt: null,
    })
    await runTwitchSync(db, twitchRunSetup(fake.server()).options)
    expect((await collectionsOf(db).creators.findOne({ creatorId }))?.platforms.twitch).toMatchObject({ isLive: true, lastStreamAt: new Date(START_MS - 600_000) })
  })
})
