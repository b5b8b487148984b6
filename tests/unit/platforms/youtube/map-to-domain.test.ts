import { describe, expect, it } from 'vitest'
import { creatorPlatformsSchema } from '../../../../server/db/index.ts'
import { eventDocumentFor } from '../../../../server/domain/events/upsert-events.ts'
import { snapshotDocumentFor } from '../../../../server/domain/snapshots/record-daily-snapshots.ts'
import {
  AVATAR_PLACEHOLDER, BANNER_PLACEHOLDER,
  creatorInputOf, eventInputOf, eventInputsOf, snapshotInputOf, youtubeAccountOf,
  type YoutubeChannel, type YoutubeVideo,
} from '../../../../server/platforms/youtube/index.ts'
import { channelIdFor, channelResource, fixtureItems, pastLiveStream, unfinishedBroadcast, type ApiResource } from './fake-youtube-data.ts'
import { useFakeYoutube } from './use-fake-youtube.ts'

// Mapped from what the connector returns, so the API shapes are parsed exactly as in production.
const { fake, connector } = useFakeYoutube()
const AT = new Date('2026-03-05T10:00:00Z')

async function channelsOf(resources: ApiResource[]): Promise<YoutubeChannel[]> {
  fake().addChannels(resources)
  return connector().fetchChannels(resources.map(resource => resource.id))
}

async function videosOf(resources: ApiResource[]): Promise<YoutubeVideo[]> {
  fake().addVideos(resources)
  return connector().fetchVideos(resources.map(resource => resource.id))
}

describe('channel → creator, account and snapshot', () => {
  it('maps the real Google channel', async () => {
    const [google] = await channelsOf(fixtureItems('youtube-channels.list.json'))
    const input = creatorInputOf(google!, { category: 'technology' })
    expect(input).toEqual({
      name: 'Google',
      description: expect.stringMatching(/^Experience the world of Google on our official YouTube channel\./),
      category: 'technology',
      avatarUrl: 'https://yt3.ggpht.com/ytc/AMLnZu_31rROBnB8bq9EJfk82OnclHISQ3Hrx6i1oWLai5o=s800-c-k-c0x00ffffff-no-rj',
      bannerUrl: 'https://yt3.ggpht.com/C7C_rceG0_dgSK1uRXoM6s1wCiOwDpsc_bJLELECJ7dVrNZNMhub9la_nhAL6aKpkdR0Z91d',
      platforms: {
        youtube: {
          channelId: 'UCK8sQmJBp8GCxrOtXWBpyEA', handle: 'google', title: 'Google',
          subscribers: 10_700_000, views: 3_331_930_783, videos: 2678,
          verified: false, joinedAt: new Date('2005-09-18T22:37:10Z'),
        },
      },
      dataSource: 'platform-api',
    })
    expect(creatorPlatformsSchema.parse(input.platforms)).toEqual(input.platforms)
  })

  it('keeps the verified flag the caller knows (the API does not say)', async () => {
    const [, developers] = await channelsOf(fixtureItems('youtube-channels.list.json'))
    expect(youtubeAccountOf(developers!, { verified: true })).toMatchObject({ handle: 'googledevelopers', subscribers: 2_260_000, verified: true })
  })

  it('records the real channel\'s counts as a snapshot the domain accepts', async () => {
    const [google] = await channelsOf(fixtureItems('youtube-channels.list.json'))
    const snapshot = snapshotInputOf(google!, 'cr_google', AT)
    expect(snapshot).toEqual({
      creatorId: 'cr_google', platform: 'youtube', observedAt: AT, dataSource: 'platform-api',
      metrics: { subscribers: 10_700_000, views: 3_331_930_783, videos: 2678 },
    })
    expect(snapshotDocumentFor(snapshot).metrics).toEqual({ subscribers: 10_700_000, views: 3_331_930_783, videos: 2678, followers: null, engagement: null })
  })

  it.each([
    ['absent', channelResource(channelIdFor(1), { hidden: true })],
    ['present anyway', channelResource(channelIdFor(2), { hidden: true, subscribers: '0' })],
  ])('keeps a hidden subscriber count unknown (null, never 0) when subscriberCount is %s', async (_case, resource) => {
    const [channel] = await channelsOf([resource])
    expect(youtubeAccountOf(channel!).subscribers).toBeNull()
    expect(snapshotInputOf(channel!, 'cr_hidden', AT).metrics).toEqual({ subscribers: null, views: 45_678, videos: 12 })
  })

  it('falls back to local placeholders and the channel id when the channel has no pictures or handle', async () => {
    const resource = channelResource(channelIdFor(3), { banner: null })
    const bare = { ...resource, snippet: { ...resource.snippet, customUrl: undefined, thumbnails: {} } }
    const [channel] = await channelsOf([bare])
    const input = creatorInputOf(channel!, { category: 'music' })
    expect(input).toMatchObject({ avatarUrl: AVATAR_PLACEHOLDER, bannerUrl: BANNER_PLACEHOLDER })
    expect(input.platforms.youtube?.handle).toBe(channelIdFor(3))
  })
})

describe('video → timeline event', () => {
  it('maps the real TED video as an upload the domain accepts', async () => {
    const [video] = await videosOf(fixtureItems('youtube-videos.list.json'))
    const mapping = eventInputOf(video!, 'cr_ted')
    expect(mapping).toEqual({
      kind: 'event',
      event: {
        creatorId: 'cr_ted',
        platform: 'youtube',
        type: 'video_upload',
        platformEventId: 'Ks-_Mh1QhMc',
        title: 'Your body language may shape who you are | Amy Cuddy',
        description: expect.stringMatching(/^Body language affects how others see us/),
        publishedAt: new Date('2012-10-01T15:27:35Z'),
        metrics: { views: 23_278_951, likes: 391_633, comments: 9518 },
        media: { thumbnailUrl: 'https://i.ytimg.com/vi/Ks-_Mh1QhMc/maxresdefault.jpg', durationSeconds: 1263, url: 'https://www.youtube.com/watch?v=Ks-_Mh1QhMc' },
        dataSource: 'platform-api',
      },
    })
    if (mapping.kind === 'event') expect(eventDocumentFor(mapping.event, AT).metrics).toEqual({ views: 23_278_951, likes: 391_633, comments: 9518, shares: null, peakViewers: null, averageViewers: null, hoursWatched: null })
  })

  it('takes the best thumbnail a video has (standard when there is no maxres)', async () => {
    const [, skatepark] = await videosOf(fixtureItems('youtube-videos.list.json'))
    const mapping = eventInputOf(skatepark!, 'cr_google')
    expect(mapping.kind === 'event' && mapping.event.media).toEqual({ thumbnailUrl: 'https://i.ytimg.com/vi/GvgqDSnpRQM/sddefault.jpg', durationSeconds: 90, url: 'https://www.youtube.com/watch?v=GvgqDSnpRQM' })
  })

  it('leaves hidden likes and disabled comments unknown', async () => {
    const [resource] = fixtureItems('youtube-videos.list.page2.json')
    const [video] = await videosOf([{ ...resource!, statistics: { viewCount: '3603770', favoriteCount: '0' } }])
    const mapping = eventInputOf(video!, 'cr_google')
    expect(mapping.kind === 'event' && mapping.event.metrics).toEqual({ views: 3_603_770, likes: null, comments: null })
  })

  it('maps a finished live stream as a stream lasting from its actual start to its actual end', async () => {
    const [video] = await videosOf([pastLiveStream('live-1')])
    const mapping = eventInputOf(video!, 'cr_dev')
    expect(mapping).toMatchObject({
      kind: 'event',
      event: {
        type: 'stream',
        platformEventId: 'live-1',
        publishedAt: new Date('2026-03-01T18:00:05Z'),
        metrics: { views: 5021, likes: 310, comments: 42 },
        media: { durationSeconds: 5450, thumbnailUrl: 'https://i.ytimg.com/vi/live-1/hqdefault_live.jpg', url: 'https://www.youtube.com/watch?v=live-1' },
      },
    })
    if (mapping.kind === 'event') expect(eventDocumentFor(mapping.event, AT).metrics.peakViewers).toBeNull()
  })

  it.each([
    ['upcoming', /upcoming/],
    ['live', /live now/],
  ] as const)('skips a %s broadcast and says why', async (state, reason) => {
    const [video] = await videosOf([unfinishedBroadcast(`b-${state}`, state)])
    expect(eventInputOf(video!, 'cr_dev')).toEqual({ kind: 'skipped', videoId: `b-${state}`, reason: expect.stringMatching(reason) })
  })

  it('splits many videos into events and skipped ones', async () => {
    const videos = await videosOf([pastLiveStream('live-1'), unfinishedBroadcast('soon', 'upcoming'), ...fixtureItems('youtube-videos.list.page2.json')])
    const { events, skipped } = eventInputsOf(videos, 'cr_dev')
    expect(events.map(event => [event.platformEventId, event.type])).toEqual([['live-1', 'stream'], ['V4DDt30Aat4', 'video_upload']])
    expect(skipped).toEqual([{ videoId: 'soon', reason: expect.stringMatching(/upcoming/) }])
  })
})
