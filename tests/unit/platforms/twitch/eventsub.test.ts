import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  EVENTSUB_SUBSCRIPTIONS_PATH, createMessageIdMemory, eventSubSignature, liveStreamEndedOf, liveStreamStartedOf, streamSubscriptionRequests,
  verifyEventSubMessage, type EventSubMessage,
} from '../../../../server/platforms/twitch/eventsub.ts'

const SECRET = 'eventsub-secret-0123456789'
const NOW = new Date('2026-05-10T12:00:00Z')
const SENT_AT = '2026-05-10T11:59:58.123456789Z'
const CALLBACK = 'https://creatorino.example/api/push/twitch'
const MINUTE = 60_000

function subscription(type: string, status: string) {
  return {
    id: 'f1c2a387-161a-49f9-a165-0f21d7a4e1c4',
    status,
    type,
    version: '1',
    cost: 1,
    condition: { broadcaster_user_id: '141981764' },
    transport: { method: 'webhook', callback: CALLBACK },
    created_at: '2026-05-10T11:58:10.634234626Z',
  }
}

const VERIFICATION = { challenge: 'pogchamp-kappa-360noscope-vohiyo', subscription: subscription('stream.online', 'webhook_callback_verification_pending') }
const ONLINE = {
  subscription: subscription('stream.online', 'enabled'),
  event: { id: '40078987165', broadcaster_user_id: '141981764', broadcaster_user_login: 'twitchdev', broadcaster_user_name: 'TwitchDev', type: 'live', started_at: '2026-05-10T11:59:51Z' },
}
const OFFLINE = {
  subscription: subscription('stream.offline', 'enabled'),
  event: { broadcaster_user_id: '141981764', broadcaster_user_login: 'twitchdev', broadcaster_user_name: 'TwitchDev' },
}
const REVOCATION = { subscription: subscription('stream.online', 'authorization_revoked') }

interface Delivery {
  messageType: string
  body: unknown
  /** Sent instead of the body's JSON, for bodies that are not JSON at all. */
  rawText?: string
  id?: string
  timestamp?: string
  secret?: string
}

/** A message as Twitch would POST it, signed here independently of the code under test. */
function delivered({ messageType, body, rawText = JSON.stringify(body), id = 'befa7b53-d79d-478f-86b9-120f112b044e', timestamp = SENT_AT, secret = SECRET }: Delivery) {
  const rawBody = Buffer.from(rawText, 'utf8')
  const signature = `sha256=${createHmac('sha256', secret).update(id + timestamp + rawText).digest('hex')}`
  const headers: Record<string, string> = {
    'twitch-eventsub-message-id': id,
    'twitch-eventsub-message-retry': '0',
    'twitch-eventsub-message-type': messageType,
    'twitch-eventsub-message-signature': signature,
    'twitch-eventsub-message-timestamp': timestamp,
    'twitch-eventsub-subscription-type': 'stream.online',
    'twitch-eventsub-subscription-version': '1',
  }
  return { headers, rawBody }
}

function verify(message: ReturnType<typeof delivered>, extra: Partial<Parameters<typeof verifyEventSubMessage>[0]> = {}): EventSubMessage {
  return verifyEventSubMessage({ ...message, secret: SECRET, now: NOW, ...extra })
}

function flipOneBit(signature: string): string {
  const bytes = Buffer.from(signature.slice('sha256='.length), 'hex')
  bytes.writeUInt8(bytes.readUInt8(12) ^ 0b1000_0000, 12)
  return `sha256=${bytes.toString('hex')}`
}

describe('verifyEventSubMessage', () => {
  it('returns the challenge of a callback verification, to be echoed as text/plain', () => {
    expect(verify(delivered({ messageType: 'webhook_callback_verification', body: VERIFICATION }))).toMatchObject({
      kind: 'verification',
      challenge: 'pogchamp-kappa-360noscope-vohiyo',
      messageId: 'befa7b53-d79d-478f-86b9-120f112b044e',
      sentAt: new Date('2026-05-10T11:59:58.123Z'),
      subscription: { type: 'stream.online', status: 'webhook_callback_verification_pending', condition: { broadcaster_user_id: '141981764' } },
    })
  })

  it('reads a stream.online notification into what the live task needs', () => {
    const message = verify(delivered({ messageType: 'notification', body: ONLINE }))
    expect(message).toMatchObject({ kind: 'notification', notification: { type: 'stream.online' } })
    if (message.kind !== 'notification' || message.notification.type !== 'stream.online') throw new Error('expected a stream.online notification')
    expect(liveStreamStartedOf(message.notification.event)).toEqual({ userId: '141981764', login: 'twitchdev', streamId: '40078987165', startedAt: new Date('2026-05-10T11:59:51Z') })
  })

  it('reads a stream.offline notification into what the live task needs', () => {
    const message = verify(delivered({ messageType: 'notification', body: OFFLINE }))
    if (message.kind !== 'notification' || message.notification.type !== 'stream.offline') throw new Error(`expected a stream.offline notification, got ${JSON.stringify(message)}`)
    expect(liveStreamEndedOf(message.notification.event)).toEqual({ userId: '141981764', login: 'twitchdev' })
  })

  it('passes a notification of another subscription type on as unhandled', () => {
    const body = { subscription: subscription('channel.update', 'enabled'), event: { title: 'New title' } }
    expect(verify(delivered({ messageType: 'notification', body }))).toMatchObject({
      kind: 'notification',
      notification: { type: 'unhandled', subscriptionType: 'channel.update', event: { title: 'New title' } },
    })
  })

  it('reports a revocation with Twitch\'s reason', () => {
    expect(verify(delivered({ messageType: 'revocation', body: REVOCATION }))).toMatchObject({
      kind: 'revocation',
      subscription: { id: 'f1c2a387-161a-49f9-a165-0f21d7a4e1c4', type: 'stream.online', status: 'authorization_revoked' },
    })
  })

  it('accepts headers as a fetch Headers object and the body as a string', () => {
    const { headers, rawBody } = delivered({ messageType: 'notification', body: ONLINE })
    expect(verifyEventSubMessage({ headers: new Headers(headers), rawBody: rawBody.toString('utf8'), secret: SECRET, now: NOW })).toMatchObject({ kind: 'notification' })
  })

  it('agrees with the signature the module computes for fake servers', () => {
    const message = delivered({ messageType: 'notification', body: ONLINE })
    const id = message.headers['twitch-eventsub-message-id']!
    expect(eventSubSignature(SECRET, id, SENT_AT, message.rawBody)).toBe(message.headers['twitch-eventsub-message-signature'])
  })

  describe('refuses a message that Twitch did not sign this way', () => {
    const good = delivered({ messageType: 'notification', body: ONLINE })
    const signature = good.headers['twitch-eventsub-message-signature']!
    const withHeaders = (change: Record<string, string>) => ({ headers: { ...good.headers, ...change }, rawBody: good.rawBody })

    it.each([
      ['one bit flipped', withHeaders({ 'twitch-eventsub-message-signature': flipOneBit(signature) })],
      ['the wrong secret', delivered({ messageType: 'notification', body: ONLINE, secret: 'not-our-secret-at-all' })],
      ['a body altered after signing', { headers: good.headers, rawBody: Buffer.from(good.rawBody.toString('utf8').replace('"live"', '"rerun"')) }],
      ['a message id changed after signing', withHeaders({ 'twitch-eventsub-message-id': 'another-id' })],
      ['a timestamp changed after signing', withHeaders({ 'twitch-eventsub-message-timestamp': '2026-05-10T11:59:59.123456789Z' })],
      ['the digest under another algorithm\'s name', withHeaders({ 'twitch-eventsub-message-signature': signature.replace('sha256=', 'sha1=') })],
      ['a digest that is a byte short', withHeaders({ 'twitch-eventsub-message-signature': signature.slice(0, -2) })],
      ['no signature header', { headers: Object.fromEntries(Object.entries(good.headers).filter(([name]) => name !== 'twitch-eventsub-message-signature')), rawBody: good.rawBody }],
    ])('%s', (_case, message) => {
      expect(verify(message)).toMatchObject({ kind: 'rejected', reason: 'bad-signature', status: 403 })
    })
  })

  it.each([
    ['11 minutes old', new Date(NOW.getTime() - 11 * MINUTE), 'rejected'],
    ['11 minutes ahead', new Date(NOW.getTime() + 11 * MINUTE), 'rejected'],
    ['9 minutes old', new Date(NOW.getTime() - 9 * MINUTE), 'notification'],
  ])('treats a correctly signed message sent %s as %s', (_case, sentAt, kind) => {
    const message = verify(delivered({ messageType: 'notification', body: ONLINE, timestamp: sentAt.toISOString() }))
    expect(message.kind).toBe(kind)
    if (message.kind === 'rejected') expect(message).toMatchObject({ reason: 'stale-timestamp', status: 403 })
  })

  it('refuses a message id it has seen, with a 2xx so Twitch stops redelivering', () => {
    const message = delivered({ messageType: 'notification', body: ONLINE })
    const seen = createMessageIdMemory()
    const first = verify(message, { seenMessageIds: seen })
    expect(first.kind).toBe('notification')
    if (first.kind === 'notification') seen.remember(first.messageId, NOW)
    expect(verify(message, { seenMessageIds: seen })).toMatchObject({ kind: 'rejected', reason: 'replayed', status: 204 })
    expect(verify(message, { seenMessageIds: new Set(['befa7b53-d79d-478f-86b9-120f112b044e']) })).toMatchObject({ reason: 'replayed' })
  })

  it('checks the signature before the age, so an unsigned old message says nothing about our clock', () => {
    const old = delivered({ messageType: 'notification', body: ONLINE, timestamp: '2026-05-10T10:00:00Z', secret: 'not-our-secret-at-all' })
    expect(verify(old)).toMatchObject({ reason: 'bad-signature' })
  })

  it.each([
    ['no message id', (headers: Record<string, string>) => delete headers['twitch-eventsub-message-id']],
    ['no message type', (headers: Record<string, string>) => delete headers['twitch-eventsub-message-type']],
    ['no timestamp', (headers: Record<string, string>) => delete headers['twitch-eventsub-message-timestamp']],
  ])('refuses a message with %s as malformed', (_case, remove) => {
    const message = delivered({ messageType: 'notification', body: ONLINE })
    remove(message.headers)
    expect(verify(message)).toMatchObject({ kind: 'rejected', reason: 'malformed', status: 400 })
  })

  it.each([
    ['a timestamp that is not RFC 3339', delivered({ messageType: 'notification', body: ONLINE, timestamp: 'Sun, 10 May 2026 11:59:58 GMT' })],
    ['a verification without a challenge', delivered({ messageType: 'webhook_callback_verification', body: { subscription: VERIFICATION.subscription } })],
    ['a stream.online event without its stream id', delivered({ messageType: 'notification', body: { ...ONLINE, event: { ...ONLINE.event, id: undefined } } })],
    ['a notification without a subscription', delivered({ messageType: 'notification', body: { event: ONLINE.event } })],
    ['a body that is not JSON', delivered({ messageType: 'notification', body: null, rawText: '{"subscription": ' })],
  ])('refuses a signed message with %s as malformed', (_case, message) => {
    expect(verify(message)).toMatchObject({ kind: 'rejected', reason: 'malformed', status: 400 })
  })

  it('acknowledges a signed message of a type it does not know without acting on it', () => {
    expect(verify(delivered({ messageType: 'batch_notification', body: ONLINE }))).toMatchObject({ kind: 'rejected', reason: 'unsupported-message-type', status: 204 })
  })

  it('refuses to check anything with a secret Twitch would not accept', () => {
    expect(() => verify(delivered({ messageType: 'notification', body: ONLINE, secret: 'short' }), { secret: 'short' })).toThrow(RangeError)
  })
})

describe('streamSubscriptionRequests', () => {
  it('builds the stream.online and stream.offline webhook subscriptions for a broadcaster', () => {
    const transport = { method: 'webhook', callback: CALLBACK, secret: SECRET }
    expect(streamSubscriptionRequests({ broadcasterUserId: '141981764', callbackUrl: CALLBACK, secret: SECRET })).toEqual([
      { type: 'stream.online', version: '1', condition: { broadcaster_user_id: '141981764' }, transport },
      { type: 'stream.offline', version: '1', condition: { broadcaster_user_id: '141981764' }, transport },
    ])
    expect(EVENTSUB_SUBSCRIPTIONS_PATH).toBe('/eventsub/subscriptions')
  })

  it('accepts an explicit port 443 and secrets of exactly 10 and 100 characters', () => {
    expect(() => streamSubscriptionRequests({ broadcasterUserId: '1', callbackUrl: 'https://creatorino.example:443/push', secret: 'x'.repeat(10) })).not.toThrow()
    expect(() => streamSubscriptionRequests({ broadcasterUserId: '1', callbackUrl: CALLBACK, secret: 'x'.repeat(100) })).not.toThrow()
  })

  it.each([
    ['a secret of 9 characters', { secret: 'x'.repeat(9) }],
    ['a secret of 101 characters', { secret: 'x'.repeat(101) }],
    ['a secret that is not ASCII', { secret: 'geheimnis-ä-0123' }],
    ['a callback over http', { callbackUrl: 'http://creatorino.example/api/push/twitch' }],
    ['a callback on another port', { callbackUrl: 'https://creatorino.example:8443/api/push/twitch' }],
    ['a relative callback', { callbackUrl: '/api/push/twitch' }],
    ['a login where the user id belongs', { broadcasterUserId: 'twitchdev' }],
  ])('refuses %s', (_case, change) => {
    expect(() => streamSubscriptionRequests({ broadcasterUserId: '141981764', callbackUrl: CALLBACK, secret: SECRET, ...change })).toThrow(RangeError)
  })
})

describe('createMessageIdMemory', () => {
  it('forgets ids once the window has passed, when it remembers the next one', () => {
    const memory = createMessageIdMemory({ windowMs: 10 * MINUTE })
    memory.remember('a', NOW)
    memory.remember('b', new Date(NOW.getTime() + 5 * MINUTE))
    expect(memory.has('a')).toBe(true)
    memory.remember('c', new Date(NOW.getTime() + 11 * MINUTE))
    expect([memory.has('a'), memory.has('b'), memory.has('c')]).toEqual([false, true, true])
  })

  it('keeps at most maxEntries ids, dropping the oldest', () => {
    const memory = createMessageIdMemory({ maxEntries: 2 })
    for (const id of ['a', 'b', 'c']) memory.remember(id, NOW)
    expect(memory.size).toBe(2)
    expect([memory.has('a'), memory.has('b'), memory.has('c')]).toEqual([false, true, true])
  })
})
