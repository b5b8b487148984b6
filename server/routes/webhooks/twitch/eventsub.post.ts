import { createMessageIdMemory, liveStreamEndedOf, liveStreamStartedOf, verifyEventSubMessage } from '../../../platforms/twitch/eventsub.ts'
import { forgetRevokedEventSubSubscription } from '../../../sync/push/index.ts'
import { markStreamOffline, markStreamOnline } from '../../../sync/twitch/index.ts'

/** Twitch delivers at least once and retries with the same id; per process (a retry usually comes back to it). */
const handledMessages = createMessageIdMemory()

/**
 * Twitch EventSub webhook (stream.online / stream.offline) at /webhooks/twitch/eventsub: live
 * streams show within seconds instead of the 5-minute poll. Exists only with
 * NUXT_TWITCH_EVENTSUB_SECRET; every message is checked (HMAC over id, timestamp and the raw body,
 * at most 10 minutes old, not seen before) before anything is read from it.
 */
export default defineEventHandler(async (event) => {
  const secret = String(useRuntimeConfig().twitchEventsubSecret ?? '')
  if (!secret) throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `Page not found: ${event.path}` })
  const now = new Date()
  const rawBody = (await readRawBody(event, false)) ?? new Uint8Array()
  const message = verifyEventSubMessage({ headers: event.headers, rawBody, secret, now, seenMessageIds: handledMessages })

  if (message.kind === 'rejected') {
    if (message.status === 204) return sendNoContent(event)
    throw createError({ statusCode: message.status, message: `${message.reason}: ${message.detail}` })
  }
  if (message.kind === 'verification') {
    handledMessages.remember(message.messageId, now)
    setResponseHeader(event, 'Content-Type', 'text/plain; charset=utf-8')
    return message.challenge
  }
  if (message.kind === 'notification') {
    const { db } = await useDatabase(event)
    const { notification } = message
    await publishingChanges(db, async ({ onChange }) => {
      const options = { at: message.sentAt, onChange }
      if (notification.type === 'stream.online') await markStreamOnline(db, liveStreamStartedOf(notification.event), options)
      if (notification.type === 'stream.offline') await markStreamOffline(db, liveStreamEndedOf(notification.event), options)
    })
  }
  else {
    console.warn(`[creatorino] Twitch revoked EventSub subscription ${message.subscription.id} (${message.subscription.type}): ${message.subscription.status}`)
    await forgetRevokedEventSubSubscription((await useDatabase(event)).db, message.subscription)
  }
  // Remembered once handled: a message that failed half-way is retried by Twitch and done again.
  handledMessages.remember(message.messageId, now)
  return sendNoContent(event)
})
