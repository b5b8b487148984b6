import { describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../../server/db/index.ts'
import { eventIdFor, upsertCreators, upsertEvents, type PipelineChange } from '../../../../server/domain/index.ts'
import { parseNotification } from '../../../../server/platforms/youtube/websub.ts'
import { youtubeQuotaLedger } from '../../../../server/sync/index.ts'
import { applyWebSubNotifications } from '../../../../server/sync/push/index.ts'
import { loadTrackedChannels, saveChannelStates } from '../../../../server/sync/youtube/tracked-channels.ts'
import { useEmbeddedDatabase } from '../../embedded-database.ts'
import { fixtureItems } from '../../platforms/youtube/fake-youtube-data.ts'
import { useFakeYoutube } from '../../platforms/youtube/use-fake-youtube.ts'
import { trackedCreatorInput } from '../youtube/youtube-sync-harness.ts'
import { deletionNotification, uploadNotification } from './websub-notification-bodies.ts'

const { freshDb } = useEmbeddedDatabase()
const youtube = useFakeYoutube()

const NOW = new Date('2026-11-20T12:00:00Z')
// The real fixture video Ks-_Mh1QhMc belongs to TED's channel.
const TED = 'UCAuUUnT6oDeKwE6v1NGQxug'
const VIDEO = 'Ks-_Mh1QhMc'
const TITLE = 'Your body language may shape who you are | Amy Cuddy'
const pushedUpload = (channelId = TED, videoId = VIDEO) => parseNotification(uploadNotification({ videoId, channelId, channelName: 'TED', title: TITLE, published: '2012-10-01T15:27:35+00:00', updated: '2026-11-20T11:59:00+00:00' }))

async function setup() {
  const db = await freshDb()
  const [ted, other] = await upsertCreators(db, [
    trackedCreatorInput({ channelId: TED, title: 'TED' }),
    trackedCreatorInput({ channelId: 'UC_x5XG1OV2P6uZZ5FSM9Ttw', title: 'Google for Developers' }),
  ], { at: NOW })
  youtube.fake().addVideos(fixtureItems('youtube-videos.list.json'))
  const changes: PipelineChange[] = []
  const errors: unknown[] = []
  const options = {
    connect: (onUnitsSpent: (units: number) => void) => youtube.connector({ onUnitsSpent }),
    ledger: youtubeQuotaLedger(db, { now: () => NOW }),
    now: () => NOW,
    onChange: (change: PipelineChange) => void changes.push(change),
    onError: (error: unknown) => void errors.push(error),
  }
  return { db, tedId: ted!.creatorId, otherId: other!.creatorId, changes, errors, options }
}

describe('applying a WebSub notification', () => {
  it('turns a pushed upload of a tracked channel into its event with one videos.list call, counted on the ledger', async () => {
    const { db, tedId, changes, errors, options } = await setup()
    expect(await applyWebSubNotifications(db, pushedUpload(), options)).toEqual({
      videosFetched: 1, eventsUpserted: 1, eventsRemoved: 0, ignored: 0, deferred: 0, unitsSpent: 1, errors: 0,
    })
    expect(errors).toEqual([])
    expect(youtube.fake().requestsTo('videos').map(request => request.query.id)).toEqual([VIDEO])
    expect(await collectionsOf(db).timelineEvents.findOne({ eventId: eventIdFor(tedId, 'youtube', 'video_upload', VIDEO) })).toMatchObject({
      title: TITLE, media: { durationSeconds: 21 * 60 + 3 }, metadata: { dataSource: 'platform-api' },
    })
    expect(changes).toContainEqual({ kind: 'creator', creatorId: tedId })
    expect(await youtubeQuotaLedger(db, { now: () => NOW }).spentToday()).toBe(1)

    // The same push again (hubs deliver at least once): one more unit, nothing new written.
    expect(await applyWebSubNotifications(db, pushedUpload(), options)).toMatchObject({ eventsUpserted: 0, errors: 0 })
  })

  it('ignores channels we do not track, without calling YouTube', async () => {
    const { db, options } = await setup()
    expect(await applyWebSubNotifications(db, pushedUpload('UCvceBgMIpKb4zK1ss-Sh90w', 'GvgqDSnpRQM'), options)).toMatchObject({ ignored: 1, eventsUpserted: 0, unitsSpent: 0 })
    expect(youtube.fake().requests).toEqual([])
  })

  it('leaves the video to polling while the quota is exhausted', async () => {
    const { db, options } = await setup()
    await options.ledger.markExhausted(new Date(NOW.getTime() + 3_600_000))
    expect(await applyWebSubNotifications(db, pushedUpload(), options)).toMatchObject({ deferred: 1, eventsUpserted: 0, unitsSpent: 0 })
    expect(youtube.fake().requests).toEqual([])
  })

  it('removes a deleted video\'s event and its collaboration copies, and forgets it in the channel\'s bookkeeping', async () => {
    const { db, tedId, otherId, changes, options } = await setup()
    await applyWebSubNotifications(db, pushedUpload(), options)
    const eventId = eventIdFor(tedId, 'youtube', 'video_upload', VIDEO)
    await upsertEvents(db, [{ creatorId: otherId, platform: 'youtube', type: 'collaboration', platformEventId: VIDEO, title: TITLE, publishedAt: NOW, sourceEventId: eventId, dataSource: 'platform-api' }], { at: NOW })
    const channels = await loadTrackedChannels(db, NOW, { channelIds: [TED] })
    channels[0]!.state.knownVideoIds = [VIDEO, 'another0001']
    await saveChannelStates(db, channels, NOW)
    changes.length = 0

    const deletion = parseNotification(deletionNotification({ videoId: VIDEO, channelId: TED, channelName: 'TED', when: '2026-11-20T11:58:00+00:00' }))
    expect(await applyWebSubNotifications(db, deletion, options)).toMatchObject({ eventsRemoved: 2, unitsSpent: 0, errors: 0 })
    expect(await collectionsOf(db).timelineEvents.countDocuments({ platformEventId: VIDEO })).toBe(0)
    expect(changes).toEqual(expect.arrayContaining([{ kind: 'creator', creatorId: tedId }, { kind: 'creator', creatorId: otherId }]))
    expect((await collectionsOf(db).youtubeChannelSync.findOne({ _id: TED }))?.knownVideoIds).toEqual(['another0001'])
  })
})
