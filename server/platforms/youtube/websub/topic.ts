/** Google's public hub: YouTube publishes every channel's upload feed to it. */
export const YOUTUBE_WEBSUB_HUB = 'https://pubsubhubbub.appspot.com/subscribe'

const TOPIC_PATH = '/xml/feeds/videos.xml'
const CHANNEL_ID = /^UC[\w-]{22}$/

/** The WebSub topic of a channel's uploads (`https://www.youtube.com/xml/feeds/videos.xml?channel_id=UC…`). */
export function youtubeTopicUrl(channelId: string): string {
  if (!CHANNEL_ID.test(channelId)) throw new RangeError(`"${channelId}" is not a YouTube channel id (UC followed by 22 letters, digits, - or _)`)
  return `https://www.youtube.com${TOPIC_PATH}?channel_id=${channelId}`
}

/** The channel a hub's `hub.topic` names, or null when it is not exactly a YouTube channel's upload feed. */
export function channelIdOfTopic(topic: string): string | null {
  let url: URL
  try {
    url = new URL(topic)
  }
  catch {
    return null
  }
  // Subscriptions made long ago used http://; the hub echoes the topic as it was subscribed.
  if (!['https:', 'http:'].includes(url.protocol) || url.host !== 'www.youtube.com' || url.pathname !== TOPIC_PATH) return null
  const keys = [...url.searchParams.keys()]
  const channelId = url.searchParams.get('channel_id')
  if (keys.length !== 1 || channelId === null || !CHANNEL_ID.test(channelId)) return null
  return channelId
}
