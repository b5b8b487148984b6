import { z } from 'zod'
import { eventSubHeadersOf, type HeaderSource } from './message-headers.ts'
import { isEventSubSignatureValid } from './message-signature.ts'
import {
  eventSubDateSchema, notificationBodySchema, revocationBodySchema, streamOfflineEventSchema, streamOnlineEventSchema, verificationBodySchema,
  type EventSubSubscription, type StreamOfflineEvent, type StreamOnlineEvent,
} from './payloads.ts'
import { assertEventSubSecret } from './secret.ts'

/** Twitch's advice: refuse messages older than 10 minutes, so a captured message cannot be replayed later. */
export const EVENTSUB_MAX_MESSAGE_AGE_MS = 10 * 60 * 1000

export interface EventSubMessageInput {
  headers: HeaderSource
  /** The body exactly as received (bytes, before any JSON parsing): the signature covers these bytes. */
  rawBody: Uint8Array | string
  secret: string
  now: Date
  /** Ids of messages already handled: Twitch delivers at least once, and a retry keeps its id. */
  seenMessageIds?: { has: (messageId: string) => boolean }
  maxAgeMs?: number
}

export type EventSubEvent
  = { type: 'stream.online', event: StreamOnlineEvent }
    | { type: 'stream.offline', event: StreamOfflineEvent }
    /** A type we did not subscribe to through this code: acknowledge it and move on. */
    | { type: 'unhandled', subscriptionType: string, event: unknown }

export type EventSubRejectionReason = 'malformed' | 'bad-signature' | 'stale-timestamp' | 'replayed' | 'unsupported-message-type'

interface MessageFacts { messageId: string, sentAt: Date, subscription: EventSubSubscription }

/**
 * A webhook message, checked. Reply to `verification` with 200 and `challenge` as text/plain, to
 * `notification` and `revocation` with a 2xx, and to `rejected` with its `status`: a replay or a
 * signed message of a kind we do not know still gets a 2xx, so Twitch does not keep retrying it.
 */
export type EventSubMessage
  = MessageFacts & { kind: 'verification', challenge: string }
    | MessageFacts & { kind: 'notification', notification: EventSubEvent }
    | MessageFacts & { kind: 'revocation' }
    | { kind: 'rejected', reason: EventSubRejectionReason, status: 204 | 400 | 403, detail: string }

const STATUS_OF: Record<EventSubRejectionReason, 204 | 400 | 403> = {
  'malformed': 400,
  'bad-signature': 403,
  'stale-timestamp': 403,
  'replayed': 204,
  'unsupported-message-type': 204,
}

function reject(reason: EventSubRejectionReason, detail: string): EventSubMessage {
  return { kind: 'rejected', reason, status: STATUS_OF[reason], detail }
}

function jsonOf(rawBody: Uint8Array | string): unknown {
  try {
    return JSON.parse(typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody))
  }
  catch {
    return undefined
  }
}

function shapeProblem(what: string, error: z.ZodError): EventSubMessage {
  return reject('malformed', `the ${what} has an unexpected shape:\n${z.prettifyError(error)}`)
}

function notificationOf(subscription: EventSubSubscription, event: unknown): EventSubEvent | z.ZodError {
  switch (subscription.type) {
    case 'stream.online': {
      const parsed = streamOnlineEventSchema.safeParse(event)
      return parsed.success ? { type: 'stream.online', event: parsed.data } : parsed.error
    }
    case 'stream.offline': {
      const parsed = streamOfflineEventSchema.safeParse(event)
      return parsed.success ? { type: 'stream.offline', event: parsed.data } : parsed.error
    }
    default:
      return { type: 'unhandled', subscriptionType: subscription.type, event }
  }
}

/** The body of a signed, fresh, first-seen message, read by its Twitch-Eventsub-Message-Type. */
function messageOf(messageType: string, body: unknown, facts: Omit<MessageFacts, 'subscription'>): EventSubMessage {
  switch (messageType) {
    case 'webhook_callback_verification': {
      const parsed = verificationBodySchema.safeParse(body)
      if (!parsed.success) return shapeProblem('verification body', parsed.error)
      return { kind: 'verification', ...facts, subscription: parsed.data.subscription, challenge: parsed.data.challenge }
    }
    case 'revocation': {
      const parsed = revocationBodySchema.safeParse(body)
      if (!parsed.success) return shapeProblem('revocation body', parsed.error)
      return { kind: 'revocation', ...facts, subscription: parsed.data.subscription }
    }
    case 'notification': {
      const parsed = notificationBodySchema.safeParse(body)
      if (!parsed.success) return shapeProblem('notification body', parsed.error)
      const notification = notificationOf(parsed.data.subscription, parsed.data.event)
      if (notification instanceof z.ZodError) return shapeProblem(`${parsed.data.subscription.type} event`, notification)
      return { kind: 'notification', ...facts, subscription: parsed.data.subscription, notification }
    }
    default:
      return reject('unsupported-message-type', `message type "${messageType}" is not one we handle`)
  }
}

/**
 * Checks an EventSub webhook message in the order that leaks least: all headers present, then the
 * signature over id + timestamp + body, then the timestamp's age, then the id against replays,
 * and only then the body. Nothing unsigned is ever parsed.
 */
export function verifyEventSubMessage(input: EventSubMessageInput): EventSubMessage {
  assertEventSubSecret(input.secret)
  const { messageId, timestamp, signature, messageType } = eventSubHeadersOf(input.headers)
  if (signature === null) return reject('bad-signature', 'the message is not signed')
  if (messageId === null || timestamp === null || messageType === null) return reject('malformed', 'Twitch-Eventsub-Message-Id, -Timestamp or -Type is missing')
  if (!isEventSubSignatureValid(signature, input.secret, messageId, timestamp, input.rawBody)) return reject('bad-signature', 'the signature does not match this message')

  const sentAt = eventSubDateSchema.safeParse(timestamp)
  if (!sentAt.success) return reject('malformed', `the timestamp "${timestamp}" is not an RFC 3339 time`)
  const maxAgeMs = input.maxAgeMs ?? EVENTSUB_MAX_MESSAGE_AGE_MS
  // Both ways: a time far ahead is as suspect as one far behind (and a clock that drifted needs fixing).
  if (Math.abs(input.now.getTime() - sentAt.data.getTime()) > maxAgeMs) return reject('stale-timestamp', `the message was sent at ${sentAt.data.toISOString()}, more than ${maxAgeMs / 60_000} minutes from now`)
  if (input.seenMessageIds?.has(messageId)) return reject('replayed', `message ${messageId} was already handled`)

  const body = jsonOf(input.rawBody)
  if (body === undefined) return reject('malformed', 'the body is not JSON')
  return messageOf(messageType, body, { messageId, sentAt: sentAt.data })
}
