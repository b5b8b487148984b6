import { createHmac } from 'node:crypto'

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

interface PushedUpload {
  videoId: string
  channelId: string
  channelName: string
  title: string
  published: string
  updated?: string
}

/** A notification as YouTube's hub pushes it for a new or edited upload (Atom, one entry). */
export function uploadNotification({ videoId, channelId, channelName, title, published, updated = published }: PushedUpload): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns="http://www.w3.org/2005/Atom"><link rel="hub" href="https://pubsubhubbub.appspot.com"/><link rel="self" href="https://www.youtube.com/xml/feeds/videos.xml?channel_id=${channelId}"/><title>YouTube video feed</title><updated>${updated}</updated><entry>
  <id>yt:video:${videoId}</id>
  <yt:videoId>${videoId}</yt:videoId>
  <yt:channelId>${channelId}</yt:channelId>
  <title>${escapeXml(title)}</title>
  <link rel="alternate" href="https://www.youtube.com/watch?v=${videoId}"/>
  <author>
   <name>${escapeXml(channelName)}</name>
   <uri>https://www.youtube.com/channel/${channelId}</uri>
  </author>
  <published>${published}</published>
  <updated>${updated}</updated>
 </entry></feed>
`
}

/** The tombstone YouTube's hub pushes when a video is deleted (or made private). */
export function deletionNotification({ videoId, channelId, channelName, when }: { videoId: string, channelId: string, channelName: string, when: string }): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:at="http://purl.org/atompub/tombstones/1.0" xmlns="http://www.w3.org/2005/Atom"><at:deleted-entry ref="yt:video:${videoId}" when="${when}">
  <link href="https://www.youtube.com/watch?v=${videoId}"/>
  <at:by>
   <name>${escapeXml(channelName)}</name>
   <uri>https://www.youtube.com/channel/${channelId}</uri>
  </at:by>
 </at:deleted-entry></feed>
`
}

/** X-Hub-Signature as Google's hub sends it: sha1 HMAC of the exact body with the subscription's secret. */
export function hubSignature(body: string, secret: string): string {
  return `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`
}
