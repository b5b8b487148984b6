import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  WebSubPayloadError, YOUTUBE_WEBSUB_HUB, channelIdOfTopic, leaseExpiresAt, leaseRenewalDue, parseNotification, subscriptionRequest,
  verifyNotificationSignature, verifySubscriptionIntent, youtubeTopicUrl,
} from '../../../../server/platforms/youtube/websub.ts'

const CHANNEL = 'UC_x5XG1OV2P6uZZ5FSM9Ttw'
const OTHER_CHANNEL = 'UCVHFbqXqoYvEWM1Ddxl0QDg'
const TOPIC = `https://www.youtube.com/xml/feeds/videos.xml?channel_id=${CHANNEL}`
const SECRET = 'websub-secret-for-tests'
const CALLBACK = 'https://creatorino.example/api/push/youtube'

/** A notification as YouTube's hub pushes it for a new or edited upload. */
function uploadNotification(videoId: string, title: string, published: string, updated: string, channelId = CHANNEL): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns="http://www.w3.org/2005/Atom">
  <link rel="hub" href="https://pubsubhubbub.appspot.com"/>
  <link rel="self" href="https://www.youtube.com/xml/feeds/videos.xml?channel_id=${channelId}"/>
  <title>YouTube video feed</title>
  <updated>${updated}</updated>
  <entry>
    <id>yt:video:${videoId}</id>
    <yt:videoId>${videoId}</yt:videoId>
    <yt:channelId>${channelId}</yt:channelId>
    <title>${title}</title>
    <link rel="alternate" href="https://www.youtube.com/watch?v=${videoId}"/>
    <author>
      <name>Google for Developers</name>
      <uri>https://www.youtube.com/channel/${channelId}</uri>
    </author>
    <published>${published}</published>
    <updated>${updated}</updated>
  </entry>
</feed>
`
}

/** A tombstone as YouTube's hub pushes it when a video is deleted. */
function deletionNotification(videoId: string, when: string, byUri = `https://www.youtube.com/channel/${CHANNEL}`): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:at="http://purl.org/atompub/tombstones/1.0" xmlns="http://www.w3.org/2005/Atom"><at:deleted-entry ref="yt:video:${videoId}" when="${when}">
  <link href="https://www.youtube.com/watch?v=${videoId}"/>
  <at:by>
   <name>Google for Developers</name>
   <uri>${byUri}</uri>
  </at:by>
 </at:deleted-entry></feed>
`
}

const BODY = uploadNotification('UZ4n1n13crI', 'Q&amp;A: &lt;Finale&gt; — ünïcode', '2026-03-06T21:40:57+00:00', '2026-03-06T21:41:24.552394234+00:00')

function signature(algorithm: string, body: string | Buffer, secret = SECRET): string {
  return `${algorithm}=${createHmac(algorithm, secret).update(body).digest('hex')}`
}

function flipOneBit(header: string): string {
  const [algorithm, hex] = header.split('=') as [string, string]
  const bytes = Buffer.from(hex, 'hex')
  bytes.writeUInt8(bytes.readUInt8(7) ^ 0b0000_0100, 7)
  return `${algorithm}=${bytes.toString('hex')}`
}

describe('verifyNotificationSignature', () => {
  it.each(['sha1', 'sha256', 'sha384', 'sha512'])('accepts a body signed with %s and our secret', (algorithm) => {
    expect(verifyNotificationSignature(BODY, signature(algorithm, BODY), SECRET)).toEqual({ ok: true, algorithm })
  })

  it('checks the raw bytes: a Buffer and the same text as a string agree', () => {
    const bytes = Buffer.from(BODY, 'utf8')
    expect(verifyNotificationSignature(bytes, signature('sha1', bytes), SECRET).ok).toBe(true)
    expect(verifyNotificationSignature(BODY, signature('sha1', bytes), SECRET).ok).toBe(true)
  })

  it('reads the algorithm and hex in any case, as hubs differ', () => {
    expect(verifyNotificationSignature(BODY, signature('sha1', BODY).toUpperCase(), SECRET)).toEqual({ ok: true, algorithm: 'sha1' })
  })

  it.each([
    ['one bit flipped', flipOneBit(signature('sha1', BODY)), 'mismatch'],
    ['the wrong secret', signature('sha1', BODY, 'someone-elses-secret'), 'mismatch'],
    ['a body altered after signing', signature('sha1', BODY.replace('UZ4n1n13crI', 'UZ4n1n13crJ')), 'mismatch'],
    ['a sha1 digest labelled sha256', `sha256=${signature('sha1', BODY).slice('sha1='.length)}`, 'mismatch'],
    ['a sha256 digest labelled sha1', `sha1=${signature('sha256', BODY).slice('sha256='.length)}`, 'mismatch'],
    ['a truncated digest', signature('sha1', BODY).slice(0, -2), 'mismatch'],
    ['a digest with a byte too many', `${signature('sha1', BODY)}00`, 'mismatch'],
    ['an algorithm WebSub does not allow', signature('md5', BODY), 'unsupported-algorithm'],
    ['no algorithm', signature('sha1', BODY).slice('sha1='.length), 'malformed'],
    ['a digest that is not hex', `sha1=${'zz'.repeat(20)}`, 'malformed'],
    ['an empty header', '', 'missing'],
    ['no header at all', undefined, 'missing'],
  ])('refuses %s', (_case, header, reason) => {
    expect(verifyNotificationSignature(BODY, header, SECRET)).toEqual({ ok: false, reason })
  })

  it('refuses to check anything with an empty secret, which anyone could sign with', () => {
    expect(() => verifyNotificationSignature(BODY, signature('sha1', BODY, ''), '')).toThrow(RangeError)
  })
})

describe('verifySubscriptionIntent', () => {
  const expected = { subscribe: new Set([CHANNEL]), unsubscribe: [OTHER_CHANNEL] }
  const otherTopic = youtubeTopicUrl(OTHER_CHANNEL)

  it('confirms a subscription to a channel we follow, with the lease the hub granted', () => {
    const query = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.topic': TOPIC, 'hub.challenge': '14829348234820398', 'hub.lease_seconds': '432000' })
    expect(verifySubscriptionIntent(query, expected)).toEqual({ ok: true, mode: 'subscribe', topic: TOPIC, channelId: CHANNEL, challenge: '14829348234820398', leaseSeconds: 432000 })
  })

  it('reads a query object like h3 getQuery() gives, and a lease left out as unknown', () => {
    const query = { 'hub.mode': 'subscribe', 'hub.topic': TOPIC, 'hub.challenge': 'abc' }
    expect(verifySubscriptionIntent(query, { subscribe: id => id === CHANNEL })).toMatchObject({ ok: true, challenge: 'abc', leaseSeconds: null })
  })

  it('confirms an unsubscribe we asked for, and no other', () => {
    const ours = { 'hub.mode': 'unsubscribe', 'hub.topic': otherTopic, 'hub.challenge': 'bye' }
    expect(verifySubscriptionIntent(ours, expected)).toEqual({ ok: true, mode: 'unsubscribe', topic: otherTopic, channelId: OTHER_CHANNEL, challenge: 'bye', leaseSeconds: null })
    const notOurs = { 'hub.mode': 'unsubscribe', 'hub.topic': TOPIC, 'hub.challenge': 'bye' }
    expect(verifySubscriptionIntent(notOurs, expected)).toMatchObject({ ok: false, status: 404 })
    expect(verifySubscriptionIntent(notOurs, { subscribe: [CHANNEL] })).toMatchObject({ ok: false, status: 404 })
  })

  it.each([
    ['a channel we do not follow', { 'hub.mode': 'subscribe', 'hub.topic': otherTopic, 'hub.challenge': 'c' }],
    ['a topic that is not a YouTube feed', { 'hub.mode': 'subscribe', 'hub.topic': 'https://example.com/feed.xml', 'hub.challenge': 'c' }],
    ['a YouTube feed with extra parameters', { 'hub.mode': 'subscribe', 'hub.topic': `${TOPIC}&user=x`, 'hub.challenge': 'c' }],
  ])('answers 404 to %s', (_case, query) => {
    expect(verifySubscriptionIntent(query, expected)).toMatchObject({ ok: false, status: 404 })
  })

  it('answers 404 when the callback names another channel than the topic', () => {
    const query = { 'hub.mode': 'subscribe', 'hub.topic': TOPIC, 'hub.challenge': 'c' }
    expect(verifySubscriptionIntent(query, { ...expected, callbackChannelId: OTHER_CHANNEL })).toMatchObject({ ok: false, status: 404 })
    expect(verifySubscriptionIntent(query, { ...expected, callbackChannelId: CHANNEL })).toMatchObject({ ok: true })
  })

  it.each([
    ['no challenge', { 'hub.mode': 'subscribe', 'hub.topic': TOPIC }],
    ['an empty challenge', { 'hub.mode': 'subscribe', 'hub.topic': TOPIC, 'hub.challenge': '' }],
    ['no mode', { 'hub.topic': TOPIC, 'hub.challenge': 'c' }],
    ['an unknown mode', { 'hub.mode': 'publish', 'hub.topic': TOPIC, 'hub.challenge': 'c' }],
    ['no topic', { 'hub.mode': 'subscribe', 'hub.challenge': 'c' }],
    ['a lease that is not a number', { 'hub.mode': 'subscribe', 'hub.topic': TOPIC, 'hub.challenge': 'c', 'hub.lease_seconds': '5 days' }],
    ['a lease of zero', { 'hub.mode': 'subscribe', 'hub.topic': TOPIC, 'hub.challenge': 'c', 'hub.lease_seconds': '0' }],
    ['a repeated challenge', { 'hub.mode': 'subscribe', 'hub.topic': TOPIC, 'hub.challenge': ['a', 'b'] }],
    ['a value that is not text', { 'hub.mode': 'subscribe', 'hub.topic': TOPIC, 'hub.challenge': 42 }],
  ])('answers 400 to %s', (_case, query) => {
    expect(verifySubscriptionIntent(query, expected)).toMatchObject({ ok: false, status: 400 })
  })

  it('answers 400 to a repeated parameter in URLSearchParams', () => {
    const query = new URLSearchParams(`hub.mode=subscribe&hub.topic=${encodeURIComponent(TOPIC)}&hub.topic=${encodeURIComponent(otherTopic)}&hub.challenge=c`)
    expect(verifySubscriptionIntent(query, expected)).toMatchObject({ ok: false, status: 400 })
  })

  it('acknowledges a denial with 200 and reports which subscription the hub refused', () => {
    const query = { 'hub.mode': 'denied', 'hub.topic': TOPIC, 'hub.reason': 'rate limited' }
    expect(verifySubscriptionIntent(query, expected)).toMatchObject({ ok: false, status: 200, denied: { topic: TOPIC, channelId: CHANNEL, hubReason: 'rate limited' } })
  })
})

describe('parseNotification', () => {
  it('reads a new upload as YouTube pushes it, with entities decoded and nanosecond times', () => {
    expect(parseNotification(BODY)).toEqual([{
      kind: 'video',
      videoId: 'UZ4n1n13crI',
      channelId: CHANNEL,
      title: 'Q&A: <Finale> — ünïcode',
      publishedAt: new Date('2026-03-06T21:40:57Z'),
      updatedAt: new Date('2026-03-06T21:41:24.552Z'),
    }])
  })

  it('keeps a title that looks like a number as text', () => {
    const [entry] = parseNotification(uploadNotification('bbWUwPHnBTc', '2024', '2026-01-02T03:04:05+00:00', '2026-01-02T03:04:06+00:00'))
    expect(entry).toMatchObject({ kind: 'video', title: '2024' })
  })

  it('reads a deleted video from its tombstone', () => {
    expect(parseNotification(deletionNotification('gwA0TqSN6lg', '2026-03-09T19:05:24.552394234+00:00'))).toEqual([
      { kind: 'deleted', videoId: 'gwA0TqSN6lg', channelId: CHANNEL, deletedAt: new Date('2026-03-09T19:05:24.552Z') },
    ])
  })

  it('leaves the channel of a tombstone unknown when its author link names none', () => {
    const [entry] = parseNotification(deletionNotification('gwA0TqSN6lg', '2026-03-09T19:05:24+00:00', 'https://www.youtube.com/@GoogleDevelopers'))
    expect(entry).toMatchObject({ kind: 'deleted', videoId: 'gwA0TqSN6lg', channelId: null })
  })

  it('reads a feed without entries as nothing to do', () => {
    expect(parseNotification('<feed xmlns="http://www.w3.org/2005/Atom"><title>YouTube video feed</title></feed>')).toEqual([])
  })

  it.each([
    ['text that is not XML', 'hub.challenge=123'],
    ['XML that is not a feed', '<html><body>Error</body></html>'],
    ['an entry without a video id', BODY.replace(/<yt:videoId>.*<\/yt:videoId>/, '')],
    ['an entry with a malformed date', BODY.replace('2026-03-06T21:40:57+00:00', 'yesterday')],
    ['a tombstone that names no video', deletionNotification('x', '2026-03-09T19:05:24+00:00').replace('yt:video:x', 'yt:playlist:x')],
  ])('fails clearly on %s', (_case, xml) => {
    expect(() => parseNotification(xml)).toThrow(WebSubPayloadError)
  })
})

describe('subscriptionRequest', () => {
  it('builds the form that subscribes a callback to a channel\'s uploads', () => {
    const request = subscriptionRequest({ callbackUrl: CALLBACK, channelId: CHANNEL, secret: SECRET, leaseSeconds: 864000, mode: 'subscribe' })
    expect(request.url).toBe(YOUTUBE_WEBSUB_HUB)
    expect(Object.fromEntries(request.body)).toEqual({
      'hub.callback': CALLBACK,
      'hub.mode': 'subscribe',
      'hub.topic': TOPIC,
      'hub.verify': 'async',
      'hub.secret': SECRET,
      'hub.lease_seconds': '864000',
    })
  })

  it('sends no secret and no lease to unsubscribe, and uses the hub it is given', () => {
    const request = subscriptionRequest({ hubUrl: 'http://127.0.0.1:9999/hub', callbackUrl: CALLBACK, channelId: CHANNEL, secret: SECRET, leaseSeconds: 60, mode: 'unsubscribe' })
    expect(request.url).toBe('http://127.0.0.1:9999/hub')
    expect(Object.fromEntries(request.body)).toEqual({ 'hub.callback': CALLBACK, 'hub.mode': 'unsubscribe', 'hub.topic': TOPIC, 'hub.verify': 'async' })
  })

  it('names the topic exactly as the verification then accepts it', () => {
    const { body } = subscriptionRequest({ callbackUrl: CALLBACK, channelId: CHANNEL, secret: SECRET, mode: 'subscribe' })
    const echoed = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.topic': body.get('hub.topic')!, 'hub.challenge': 'c', 'hub.lease_seconds': '432000' })
    expect(verifySubscriptionIntent(echoed, { subscribe: [CHANNEL] })).toMatchObject({ ok: true, channelId: CHANNEL })
    expect(body.has('hub.lease_seconds')).toBe(false)
  })

  it.each([
    ['a channel id that is not one', { channelId: '@GoogleDevelopers' }],
    ['a relative callback', { callbackUrl: '/api/push/youtube' }],
    ['a callback that is not http', { callbackUrl: 'ftp://creatorino.example/push' }],
    ['an empty secret', { secret: '' }],
    ['a secret of 200 bytes', { secret: 'é'.repeat(100) }],
    ['a lease that is not whole seconds', { leaseSeconds: 1.5 }],
  ])('refuses %s', (_case, change) => {
    expect(() => subscriptionRequest({ callbackUrl: CALLBACK, channelId: CHANNEL, secret: SECRET, mode: 'subscribe', ...change })).toThrow(RangeError)
  })
})

describe('topics', () => {
  it.each([
    [TOPIC, CHANNEL],
    [TOPIC.replace('https:', 'http:'), CHANNEL],
    ['https://www.youtube.com/feeds/videos.xml?channel_id=' + CHANNEL, null],
    ['https://www.youtube.com/xml/feeds/videos.xml?channel_id=UCshort', null],
    ['https://youtube.com.evil.example/xml/feeds/videos.xml?channel_id=' + CHANNEL, null],
    ['not a url', null],
  ])('reads the channel of %s as %s', (topic, channelId) => {
    expect(channelIdOfTopic(topic)).toBe(channelId)
  })
})

describe('leases', () => {
  const now = new Date('2026-05-10T12:00:00Z')
  const DAY = 24 * 60 * 60 * 1000

  it('ends a lease its seconds after the hub granted it', () => {
    expect(leaseExpiresAt(now, 432000)).toEqual(new Date('2026-05-15T12:00:00Z'))
  })

  it.each([
    ['never confirmed', null, true],
    ['already expired', new Date(now.getTime() - 1), true],
    ['expiring within the margin', new Date(now.getTime() + DAY - 1), true],
    ['expiring exactly at the margin', new Date(now.getTime() + DAY), true],
    ['expiring beyond the margin', new Date(now.getTime() + DAY + 1), false],
  ])('renews a lease %s: %s', (_case, expiresAt, due) => {
    expect(leaseRenewalDue(expiresAt, now)).toBe(due)
  })

  it('takes a margin of its own', () => {
    expect(leaseRenewalDue(new Date(now.getTime() + 2 * DAY), now, 3 * DAY)).toBe(true)
    expect(leaseRenewalDue(new Date(now.getTime() + 2 * DAY), now, DAY)).toBe(false)
  })
})
