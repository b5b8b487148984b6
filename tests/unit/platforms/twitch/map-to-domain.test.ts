import { describe, expect, it } from 'vitest'
import { creatorSchema, twitchAccountSchema } from '../../../../server/db/index.ts'
import { eventDocumentFor } from '../../../../server/domain/events/upsert-events.ts'
import { snapshotDocumentFor } from '../../../../server/domain/snapshots/record-daily-snapshots.ts'
import {
  archiveStreamEventOf, liveStreamEventOf, summarizeLiveStream, twitchAccountOf, twitchProfileOf, twitchSnapshotOf,
} from '../../../../server/platforms/twitch/index.ts'
import { helixStreamSchema } from '../../../../server/platforms/twitch/streams.ts'
import { helixUserSchema } from '../../../../server/platforms/twitch/users.ts'
import { helixVideoSchema } from '../../../../server/platforms/twitch/videos.ts'
import { twitchFixture } from './twitch-fixtures.ts'

const user = helixUserSchema.parse(twitchFixture('twitch-helix.users.json').data[0])
const liveStream = helixStreamSchema.parse(twitchFixture('twitch-helix.streams.json').data[0])
const archive = helixVideoSchema.parse(twitchFixture('twitch-helix.videos.archive.json').data[0])
const upload = helixVideoSchema.parse(twitchFixture('twitch-helix.videos.json').data[0])
const observedAt = new Date('2026-11-20T12:34:56Z')

describe('Twitch user → creator profile and account', () => {
  it('maps the real Get Users answer to the profile fields', () => {
    expect(twitchProfileOf(user)).toEqual({
      name: 'TwitchDev',
      description: 'Supporting third-party developers building Twitch integrations from chatbots to game integrations.',
      avatarUrl: 'https://static-cdn.jtvnw.net/jtv_user_pictures/8a6381c7-d0c0-4576-b179-38bd5ce1d6af-profile_image-300x300.png',
      bannerUrl: 'https://static-cdn.jtvnw.net/jtv_user_pictures/3f13ab61-ec78-4fe6-8481-8682cb3b0ac2-channel_offline_image-1920x1080.png',
    })
  })

  it('maps it to a valid stored twitch account, a partner counting as verified', () => {
    const account = twitchAccountOf(user, { followers: 8 })
    expect(twitchAccountSchema.parse(account)).toEqual({
      userId: '141981764', login: 'twitchdev', displayName: 'TwitchDev', followers: 8, videos: null,
      isLive: false, lastStreamAt: null, verified: true, joinedAt: new Date('2016-12-14T20:32:28Z'),
    })
  })

  it('is live, with the stream\'s start as the last stream, when a live stream is given', () => {
    expect(twitchAccountOf(user, { followers: 8, liveStream, lastStreamAt: new Date('2020-01-01') })).toMatchObject({ isLive: true, lastStreamAt: new Date('2021-03-10T15:04:21Z') })
  })

  it('keeps the known last stream while offline; affiliates are not verified', () => {
    const lastStreamAt = new Date('2026-11-19T20:00:00Z')
    expect(twitchAccountOf({ ...user, broadcaster_type: 'affiliate' }, { followers: null, lastStreamAt })).toMatchObject({ isLive: false, lastStreamAt, verified: false, followers: null })
  })

  it('leaves the banner empty when the channel has no offline image, which a stored creator allows', () => {
    const profile = twitchProfileOf({ ...user, offline_image_url: '' })
    expect(profile.bannerUrl).toBe('')
    expect(creatorSchema.shape.bannerUrl.parse(profile.bannerUrl)).toBe('')
  })
})

describe('Twitch user → daily snapshot', () => {
  it('records followers and videos as the stored snapshot of that day', () => {
    const snapshot = snapshotDocumentFor(twitchSnapshotOf('cr_abc', twitchAccountOf(user, { followers: 8 }), observedAt))
    expect(snapshot).toMatchObject({
      creatorId: 'cr_abc', platform: 'twitch', date: new Date('2026-11-20T00:00:00Z'), observedAt, dataSource: 'platform-api',
      metrics: { followers: 8, videos: null, subscribers: null, views: null },
    })
  })
})

describe('Twitch archive video → stream event', () => {
  it('maps the real archive video, keyed by its video id when it has no stream id', () => {
    const event = archiveStreamEventOf('cr_abc', archive)
    expect(event).toEqual({
      creatorId: 'cr_abc', platform: 'twitch', type: 'stream', platformEventId: '234482848', title: '-', description: '',
      publishedAt: new Date('2018-03-02T20:53:41Z'),
      metrics: { views: 142 },
      media: {
        durationSeconds: 11_313,
        thumbnailUrl: 'https://static-cdn.jtvnw.net/s3_vods/bebc8cba2926d1967418_chewiemelodies_27786761696_805342775/thumb/thumb0-320x180.jpg',
        url: 'https://www.twitch.tv/videos/234482848',
      },
      dataSource: 'platform-api',
    })
    expect(eventDocumentFor(event, observedAt).metrics).toEqual({ views: 142, likes: null, comments: null, shares: null, peakViewers: null, averageViewers: null, hoursWatched: null })
  })

  it('uses created_at, not published_at, and the video id for a null stream_id (real Get Videos answer)', () => {
    const event = archiveStreamEventOf('cr_abc', upload)
    expect(event).toMatchObject({ platformEventId: '335921245', publishedAt: new Date('2018-11-14T21:30:18Z'), media: { durationSeconds: 201 }, metrics: { views: 1_863_062 } })
  })

  it('lands on the same event as the live stream it recorded, keeping the viewer figures passed in', () => {
    const summary = summarizeLiveStream([{ at: new Date('2021-03-10T15:10:00Z'), viewers: 70_000 }, { at: new Date('2021-03-10T15:25:00Z'), viewers: 78_365 }])!
    const live = eventDocumentFor(liveStreamEventOf('cr_abc', liveStream, summary), observedAt)
    const recorded = eventDocumentFor(archiveStreamEventOf('cr_abc', { ...archive, stream_id: liveStream.id }, summary), observedAt)
    expect(recorded.eventId).toBe(live.eventId)
    expect(recorded.platformEventId).toBe('123456789')
    // The average audience over the archive's exact duration (3h8m33s), not only the 15 sampled minutes.
    expect(recorded.metrics).toMatchObject({ views: 142, peakViewers: 78_365, averageViewers: 70_000, hoursWatched: 219_975 })
  })

  it('has no thumbnail while the video is processed, and no duration it cannot read', () => {
    expect(archiveStreamEventOf('cr_abc', { ...archive, thumbnail_url: '', duration: '' }).media).toMatchObject({ thumbnailUrl: null, durationSeconds: null })
  })
})

describe('Twitch live stream → stream event', () => {
  it('maps the real Get Streams answer with its viewer summary, hours watched to one decimal', () => {
    const event = liveStreamEventOf('cr_abc', liveStream, { peakViewers: 78_365, averageViewers: 60_000, hoursWatched: 60_123.26, hoursLive: 1 })
    expect(event).toEqual({
      creatorId: 'cr_abc', platform: 'twitch', type: 'stream', platformEventId: '123456789',
      title: 'hablamos y le damos a Little Nightmares 1', publishedAt: new Date('2021-03-10T15:04:21Z'),
      metrics: { peakViewers: 78_365, averageViewers: 60_000, hoursWatched: 60_123.3 },
      media: { durationSeconds: null, thumbnailUrl: 'https://static-cdn.jtvnw.net/previews-ttv/live_user_auronplay-320x180.jpg', url: 'https://www.twitch.tv/sandysanderman' },
      dataSource: 'platform-api',
    })
  })
})
