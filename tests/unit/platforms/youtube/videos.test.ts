import { describe, expect, it } from 'vitest'
import { fixtureItems, pastLiveStream, readFixture } from './fake-youtube-data.ts'
import { useFakeYoutube } from './use-fake-youtube.ts'

const { fake, connector, unitsReported } = useFakeYoutube()

describe('fetchVideos', () => {
  it('reads the real videos.list answers: counts as numbers, duration as text', async () => {
    fake().addVideos([...fixtureItems('youtube-videos.list.json'), ...fixtureItems('youtube-videos.list.page2.json')])
    const videos = await connector().fetchVideos(['Ks-_Mh1QhMc', 'GvgqDSnpRQM', 'V4DDt30Aat4'])
    expect(videos.map(video => video.id)).toEqual(['Ks-_Mh1QhMc', 'GvgqDSnpRQM', 'V4DDt30Aat4'])
    expect(videos[0]).toMatchObject({
      snippet: { title: 'Your body language may shape who you are | Amy Cuddy', channelId: 'UCAuUUnT6oDeKwE6v1NGQxug', publishedAt: new Date('2012-10-01T15:27:35Z'), liveBroadcastContent: 'none' },
      contentDetails: { duration: 'PT21M3S' },
      statistics: { viewCount: 23_278_951, likeCount: 391_633, commentCount: 9518 },
    })
    expect(videos[2]?.statistics).toEqual({ viewCount: 3_603_770, likeCount: 1827, commentCount: 358 })
    expect(fake().requestsTo('videos')[0]?.query).toMatchObject({ part: 'snippet,statistics,contentDetails,liveStreamingDetails', id: 'Ks-_Mh1QhMc,GvgqDSnpRQM,V4DDt30Aat4' })
  })

  it('ignores the answer\'s nextPageToken: an id lookup is complete in one call', async () => {
    fake().script('videos', { body: readFixture('youtube-videos.list.json') })
    expect(await connector().fetchVideos(['Ks-_Mh1QhMc', 'GvgqDSnpRQM'])).toHaveLength(2)
    expect(fake().requestsTo('videos')).toHaveLength(1)
  })

  it('asks for 120 videos in three calls of at most 50, a unit each', async () => {
    const ids = Array.from({ length: 120 }, (_, n) => `video-${n}`)
    fake().addVideos(ids.map(id => pastLiveStream(id)))
    expect(await connector().fetchVideos(ids)).toHaveLength(120)
    expect(fake().requestsTo('videos').map(request => request.query.id?.split(',').length)).toEqual([50, 50, 20])
    expect(unitsReported).toEqual([1, 1, 1].map(units => ({ units, endpoint: 'videos' })))
  })

  it('reads a past live stream\'s liveStreamingDetails as dates', async () => {
    fake().addVideos([pastLiveStream('live-1')])
    const [video] = await connector().fetchVideos(['live-1'])
    expect(video?.liveStreamingDetails).toEqual({
      actualStartTime: new Date('2026-03-01T18:00:05Z'),
      actualEndTime: new Date('2026-03-01T19:30:55Z'),
      scheduledStartTime: new Date('2026-03-01T18:00:00Z'),
    })
  })
})
