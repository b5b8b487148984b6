import { describe, expect, it } from 'vitest'
import { channelIdFor, channelResource, fixtureItems, readFixture } from './fake-youtube-data.ts'
import { useFakeYoutube } from './use-fake-youtube.ts'

const { fake, connector, unitsReported } = useFakeYoutube()
const GOOGLE = 'UCK8sQmJBp8GCxrOtXWBpyEA'
const GOOGLE_DEVELOPERS = 'UC_x5XG1OV2P6uZZ5FSM9Ttw'

describe('fetchChannels', () => {
  it('reads the real channels.list answer, counts as numbers and dates as dates', async () => {
    fake().script('channels', { body: readFixture('youtube-channels.list.json') })
    const [google, developers] = await connector().fetchChannels([GOOGLE, GOOGLE_DEVELOPERS])
    expect(google).toMatchObject({
      id: GOOGLE,
      snippet: { title: 'Google', customUrl: '@google', publishedAt: new Date('2005-09-18T22:37:10Z') },
      statistics: { viewCount: 3_331_930_783, subscriberCount: 10_700_000, hiddenSubscriberCount: false, videoCount: 2678 },
      contentDetails: { relatedPlaylists: { uploads: 'UUK8sQmJBp8GCxrOtXWBpyEA' } },
      brandingSettings: { image: { bannerExternalUrl: 'https://yt3.ggpht.com/C7C_rceG0_dgSK1uRXoM6s1wCiOwDpsc_bJLELECJ7dVrNZNMhub9la_nhAL6aKpkdR0Z91d' } },
    })
    expect(developers).toMatchObject({ id: GOOGLE_DEVELOPERS, snippet: { title: 'Google Developers', country: 'US' }, statistics: { subscriberCount: 2_260_000, videoCount: 5652 } })
    expect(fake().requestsTo('channels')[0]?.query).toMatchObject({ part: 'snippet,statistics,contentDetails,brandingSettings', id: `${GOOGLE},${GOOGLE_DEVELOPERS}` })
  })

  it('asks for 120 channels in three calls of at most 50, a unit each', async () => {
    const ids = Array.from({ length: 120 }, (_, n) => channelIdFor(n))
    fake().addChannels(ids.map(id => channelResource(id)))
    const channels = await connector().fetchChannels([...ids, ids[0]!, ids[119]!])
    expect(channels.map(channel => channel.id)).toEqual(ids)
    expect(fake().requestsTo('channels').map(request => request.query.id?.split(',').length)).toEqual([50, 50, 20])
    expect(unitsReported).toEqual([1, 1, 1].map(units => ({ units, endpoint: 'channels' })))
  })

  it('leaves out channels YouTube does not know (the answer then has no items at all)', async () => {
    fake().addChannels([channelResource(channelIdFor(1))])
    expect(await connector().fetchChannels([channelIdFor(1), channelIdFor(2)])).toHaveLength(1)
    expect(await connector().fetchChannels([channelIdFor(3)])).toEqual([])
  })

  it('keeps a hidden subscriber count unknown: absent, not 0', async () => {
    fake().addChannels([channelResource(channelIdFor(1), { hidden: true })])
    const [channel] = await connector().fetchChannels([channelIdFor(1)])
    expect(channel?.statistics).toEqual({ viewCount: 45_678, hiddenSubscriberCount: true, videoCount: 12 })
  })

  it('makes no call for no ids', async () => {
    expect(await connector().fetchChannels([])).toEqual([])
    expect(fake().requests).toHaveLength(0)
  })
})

describe('fetchChannel', () => {
  const channels = fixtureItems('youtube-channels.list.json')

  it('finds a channel by handle with forHandle', async () => {
    fake().addChannels(channels)
    expect(await connector().fetchChannel({ kind: 'handle', handle: 'GoogleDevelopers' })).toMatchObject({ id: GOOGLE_DEVELOPERS })
    expect(fake().requests[0]?.query).toMatchObject({ forHandle: '@GoogleDevelopers', part: 'snippet,statistics,contentDetails,brandingSettings' })
    expect(unitsReported).toEqual([{ units: 1, endpoint: 'channels' }])
  })

  it('answers null for a handle nobody has', async () => {
    fake().addChannels(channels.slice(0, 1))
    expect(await connector().fetchChannel({ kind: 'handle', handle: 'nobody-here' })).toBeNull()
  })

  it('finds a channel by id and by legacy username', async () => {
    fake().addChannels(channels)
    fake().addUsername('GoogleDevelopers', GOOGLE_DEVELOPERS)
    expect(await connector().fetchChannel({ kind: 'channelId', channelId: GOOGLE })).toMatchObject({ snippet: { title: 'Google' } })
    expect(await connector().fetchChannel({ kind: 'username', username: 'GoogleDevelopers' })).toMatchObject({ id: GOOGLE_DEVELOPERS })
    expect(fake().requests.map(request => request.query.id ?? request.query.forUsername)).toEqual([GOOGLE, 'GoogleDevelopers'])
  })
})
