import { describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../../server/db/index.ts'
import { startOfUtcDay } from '../../../../server/domain/index.ts'
import { findCreatorProfile } from '../../../../server/queries/creator-profile.ts'
import { TrackingInputError } from '../../../../server/sync/tracking/resolve-accounts.ts'
import { PlatformLookupError, trackCreator, type TrackCreatorDeps } from '../../../../server/sync/tracking/track-creator.ts'
import { runYoutubeSync } from '../../../../server/sync/youtube/index.ts'
import { useEmbeddedDatabase } from '../../embedded-database.ts'
import { fixtureItems } from '../../platforms/youtube/fake-youtube-data.ts'
import { useFakeYoutube } from '../../platforms/youtube/use-fake-youtube.ts'
import { manualClock } from '../manual-clock.ts'
import { serveChannel, syncOptionsFor } from '../youtube/youtube-sync-harness.ts'

const { freshDb } = useEmbeddedDatabase()
const youtube = useFakeYoutube()
const { fake } = youtube
const T0 = '2030-05-01T12:00:00Z'
const [google] = fixtureItems('youtube-channels.list.json')
const request = { youtube: '@google', category: 'technology' } as const

/** The service's dependencies as the admin route gives them, with the clock's instant. */
function depsAt(at: Date, extra: Partial<TrackCreatorDeps> = {}): TrackCreatorDeps {
  return { youtube: youtube.connector(), observedAt: at, ...extra }
}

/** The pipeline listener of a process that dies at the first write's announcement: the creator is written, nothing after it. */
const killedAfterCreatorWrite = () => {
  throw new Error('killed')
}

describe('trackCreator', () => {
  it('creates the creator with today\'s snapshot, public at once; tracking it again finds it', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    serveChannel(fake(), google!)
    const flushes: number[] = []
    const tracked = await trackCreator(db, request, depsAt(clock.now(), { quotaSpend: { flush: async () => void flushes.push(1) } }))

    expect(tracked).toMatchObject({ slug: 'google', url: '/creators/google', status: 'created' })
    expect(flushes).toHaveLength(1)
    const profile = await findCreatorProfile(db, tracked.creatorId)
    expect(profile?.creator).toMatchObject({ name: 'Google', category: 'technology', platforms: { youtube: { subscribers: 10_700_000 } } })
    expect(profile?.creator.metadata).not.toHaveProperty('hidden')
    expect(await collectionsOf(db).growthStats.countDocuments({ creatorId: tracked.creatorId, date: startOfUtcDay(clock.now()) })).toBe(1)

    expect(await trackCreator(db, { ...request, youtube: google!.id }, depsAt(clock.now()))).toMatchObject({ creatorId: tracked.creatorId, status: 'unchanged' })
  })

  it('leaves a pending creator, shown nowhere, when killed after writing it; the next youtube:sync makes it public', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    serveChannel(fake(), google!)
    await expect(trackCreator(db, request, depsAt(clock.now(), { onChange: killedAfterCreatorWrite }))).rejects.toThrow('killed')
    const { creators, growthStats, youtubeChannelSync } = collectionsOf(db)
    const pending = await creators.findOne({})
    expect(pending?.metadata.hidden).toBe('pending')
    expect(await growthStats.countDocuments()).toBe(0)
    expect(await findCreatorProfile(db, pending!.creatorId)).toBeNull()
    // A sync a minute ago asked for it already (and YouTube did not answer): a pending channel is due all the same.
    await youtubeChannelSync.insertOne({
      _id: google!.id, creatorId: pending!.creatorId, statsCheckedAt: clock.now(), missingSince: clock.now(), feedCheckedAt: clock.now(), feedFailures: 0,
      lastUploadAt: null, knownVideoIds: [], deferredVideos: [], metricsRefreshedAt: null, lastError: null, updatedAt: clock.now(),
    })
    clock.advance(60_000)

    expect(await runYoutubeSync(db, syncOptionsFor(db, youtube, clock.now))).toMatchObject({ channelsChecked: 1, snapshotsRecorded: 1, errors: 0 })

    const profile = await findCreatorProfile(db, pending!.creatorId)
    expect(profile?.creator).toMatchObject({ name: 'Google', platforms: { youtube: { subscribers: 10_700_000 } } })
    expect(profile?.creator.metadata).not.toHaveProperty('hidden')
    expect(await growthStats.countDocuments({ creatorId: pending!.creatorId })).toBe(1)
  })

  it('completes a pending creator when the request is repeated, and says it was created', async () => {
    const db = await freshDb()
    const clock = manualClock(T0)
    serveChannel(fake(), google!)
    await expect(trackCreator(db, request, depsAt(clock.now(), { onChange: killedAfterCreatorWrite }))).rejects.toThrow('killed')
    const again = await trackCreator(db, request, depsAt(clock.now()))
    expect(again.status).toBe('created')
    expect(await findCreatorProfile(db, again.creatorId)).not.toBeNull()
  })

  it('refuses a creator half-way through its removal with a 409 naming the field', async () => {
    const db = await freshDb()
    serveChannel(fake(), google!)
    const { creatorId } = await trackCreator(db, request, depsAt(new Date(T0)))
    await collectionsOf(db).creators.updateOne({ creatorId }, { $set: { 'metadata.hidden': 'removing' } })
    const refused = await trackCreator(db, request, depsAt(new Date(T0))).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(TrackingInputError)
    expect(refused).toMatchObject({ statusCode: 409, message: expect.stringMatching(/^youtube: .*being removed/) })
  })

  it.each([
    ['an unknown channel', () => undefined, TrackingInputError, /^youtube: no YouTube channel/],
    ['an exhausted quota', () => fake().setQuota(0), PlatformLookupError, /^the platform lookup failed/],
  ])('reports %s as the right error, writing nothing', async (_case, arrange, kind, message) => {
    const db = await freshDb()
    arrange()
    const failure = await trackCreator(db, request, depsAt(new Date(T0))).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(kind)
    expect((failure as Error).message).toMatch(message)
    expect(await collectionsOf(db).creators.countDocuments()).toBe(0)
  })
})
