import { readFileSync } from 'node:fs'

/** Real YouTube answers kept in tests/fixtures/platforms (see its SOURCES.md), and generated ones. */
const FIXTURES = new URL('../../../fixtures/platforms/', import.meta.url)

/** A fixture file's exact text, to serve byte for byte. */
export function readFixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8')
}

/** A resource of a list answer (a channel, a video…) as JSON. */
export interface ApiResource {
  id: string
  [field: string]: unknown
}

/** The items of a list-answer fixture. */
export function fixtureItems(name: string): ApiResource[] {
  return (JSON.parse(readFixture(name)) as { items: ApiResource[] }).items
}

/** The legacy Google error shape (error.errors[]), as the Data API still answers. */
export function googleError(code: number, domain: string, reason: string, message: string) {
  return { error: { code, message, errors: [{ message, domain, reason }] } }
}

/** A channel id of the real form: UC + 22 characters. */
export function channelIdFor(n: number): string {
  return `UC${String(n).padStart(22, '0')}`
}

interface GeneratedChannel {
  title?: string
  handle?: string
  subscribers?: string | null
  hidden?: boolean
  views?: string
  videos?: string
  banner?: string | null
}

/** A channels.list item shaped like the real ones; `subscribers: null` leaves subscriberCount out. */
export function channelResource(id: string, options: GeneratedChannel = {}) {
  const { title = `Channel ${id}`, handle = `@${id.toLowerCase()}`, hidden = false, subscribers = hidden ? null : '1230', views = '45678', videos = '12', banner = `https://yt3.ggpht.com/banner-${id}` } = options
  return {
    kind: 'youtube#channel',
    id,
    snippet: {
      title,
      description: `About ${title}`,
      customUrl: handle,
      publishedAt: '2015-03-04T05:06:07Z',
      thumbnails: { default: { url: `https://yt3.ggpht.com/${id}=s88`, width: 88, height: 88 }, medium: { url: `https://yt3.ggpht.com/${id}=s240`, width: 240, height: 240 } },
    },
    contentDetails: { relatedPlaylists: { likes: '', uploads: `UU${id.slice(2)}` } },
    statistics: { viewCount: views, ...(subscribers === null ? {} : { subscriberCount: subscribers }), hiddenSubscriberCount: hidden, videoCount: videos },
    brandingSettings: { channel: { title }, ...(banner === null ? {} : { image: { bannerExternalUrl: banner } }) },
  }
}

/** A playlistItems.list item of an uploads playlist (part=snippet,contentDetails). */
export function playlistItem(videoId: string, publishedAt: string, channelId = 'UC_x5XG1OV2P6uZZ5FSM9Ttw') {
  return {
    kind: 'youtube#playlistItem',
    id: `item-${videoId}`,
    snippet: {
      publishedAt,
      channelId,
      title: `Video ${videoId}`,
      description: '',
      thumbnails: { default: { url: `https://i.ytimg.com/vi/${videoId}/default.jpg`, width: 120, height: 90 } },
      playlistId: `UU${channelId.slice(2)}`,
      resourceId: { kind: 'youtube#video', videoId },
    },
    contentDetails: { videoId, videoPublishedAt: publishedAt },
  }
}

/** A finished live stream as videos.list shows it: liveStreamingDetails with both actual times. */
export function pastLiveStream(id: string) {
  return {
    kind: 'youtube#video',
    id,
    snippet: {
      publishedAt: '2026-03-01T18:00:05Z',
      channelId: 'UC_x5XG1OV2P6uZZ5FSM9Ttw',
      title: 'Live: building a Nuxt app',
      description: 'Recorded live.',
      thumbnails: { high: { url: `https://i.ytimg.com/vi/${id}/hqdefault_live.jpg`, width: 480, height: 360 } },
      liveBroadcastContent: 'none',
    },
    contentDetails: { duration: 'PT1H30M50S' },
    statistics: { viewCount: '5021', likeCount: '310', favoriteCount: '0', commentCount: '42' },
    liveStreamingDetails: { actualStartTime: '2026-03-01T18:00:05Z', actualEndTime: '2026-03-01T19:30:55Z', scheduledStartTime: '2026-03-01T18:00:00Z' },
  }
}

/** A broadcast that is scheduled ('upcoming') or running ('live'). */
export function unfinishedBroadcast(id: string, state: 'upcoming' | 'live') {
  return {
    kind: 'youtube#video',
    id,
    snippet: { publishedAt: '2026-03-02T10:00:00Z', channelId: 'UC_x5XG1OV2P6uZZ5FSM9Ttw', title: `Broadcast ${id}`, description: '', thumbnails: {}, liveBroadcastContent: state },
    contentDetails: { duration: 'P0D' },
    statistics: { viewCount: '0' },
    liveStreamingDetails: state === 'live'
      ? { actualStartTime: '2026-03-02T10:00:00Z', scheduledStartTime: '2026-03-02T10:00:00Z', concurrentViewers: '812' }
      : { scheduledStartTime: '2026-03-09T10:00:00Z' },
  }
}

export interface FeedVideo {
  videoId: string
  title: string
  published: string
  updated?: string
  views?: number
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** A channel feed in YouTube's format (Atom with the yt: and media: namespaces). */
export function atomFeed(channelId: string, channelTitle: string, videos: FeedVideo[]): string {
  const author = `<author>\n   <name>${escapeXml(channelTitle)}</name>\n   <uri>https://www.youtube.com/channel/${channelId}</uri>\n  </author>`
  const entries = videos.map(video => ` <entry>
  <id>yt:video:${video.videoId}</id>
  <yt:videoId>${video.videoId}</yt:videoId>
  <yt:channelId>${channelId}</yt:channelId>
  <title>${escapeXml(video.title)}</title>
  <link rel="alternate" href="https://www.youtube.com/watch?v=${video.videoId}"/>
  ${author}
  <published>${video.published}</published>
  <updated>${video.updated ?? video.published}</updated>
  <media:group>
   <media:title>${escapeXml(video.title)}</media:title>
   <media:content url="https://www.youtube.com/v/${video.videoId}?version=3" type="application/x-shockwave-flash" width="640" height="390"/>
   <media:thumbnail url="https://i1.ytimg.com/vi/${video.videoId}/hqdefault.jpg" width="480" height="360"/>
   <media:description>About ${escapeXml(video.title)}</media:description>
   <media:community>
    <media:starRating count="10" average="5.00" min="1" max="5"/>
    <media:statistics views="${video.views ?? 0}"/>
   </media:community>
  </media:group>
 </entry>`).join('\n')
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
 <link rel="self" href="http://www.youtube.com/feeds/videos.xml?channel_id=${channelId}"/>
 <id>yt:channel:${channelId}</id>
 <yt:channelId>${channelId}</yt:channelId>
 <title>${escapeXml(channelTitle)}</title>
 <link rel="alternate" href="https://www.youtube.com/channel/${channelId}"/>
 <author>
  <name>${escapeXml(channelTitle)}</name>
  <uri>https://www.youtube.com/channel/${channelId}</uri>
 </author>
 <published>2005-09-18T22:37:10+00:00</published>
${entries}
</feed>
`
}
