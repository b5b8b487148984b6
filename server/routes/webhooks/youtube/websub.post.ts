import { parseNotification, verifyNotificationSignature, WebSubPayloadError } from '../../../platforms/youtube/websub.ts'
import { youtubeQuotaLedger } from '../../../sync/index.ts'
import { applyWebSubNotifications } from '../../../sync/push/index.ts'

/**
 * YouTube's pushes at /webhooks/youtube/websub: a new or edited upload is read through videos.list
 * and stored before the answer, so it shows on the creator's timeline within seconds; a deletion
 * takes the video off it. Only bodies signed with NUXT_WEBSUB_SECRET (X-Hub-Signature) are read;
 * anything else is refused with 403 and left untouched. Polling stays the fallback for whatever
 * push misses.
 */
export default defineEventHandler(async (event) => {
  const secret = useRuntimeConfig().websubSecret
  if (!secret) throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `Page not found: ${event.path}` })
  const rawBody = (await readRawBody(event, false)) ?? new Uint8Array()
  const signature = verifyNotificationSignature(rawBody, getRequestHeader(event, 'x-hub-signature'), secret)
  if (!signature.ok) throw createError({ statusCode: 403, message: `X-Hub-Signature: ${signature.reason === 'missing' ? 'missing' : `not a valid signature of this body (${signature.reason})`}` })

  let notifications
  try {
    notifications = parseNotification(new TextDecoder().decode(rawBody))
  }
  catch (error) {
    if (error instanceof WebSubPayloadError) throw createError({ statusCode: 400, message: `body: ${error.message}` })
    throw error
  }
  const { db } = await useDatabase(event)
  if (!youtubeConnectorFor()) {
    writeJsonLog({ level: 'warn', msg: 'WebSub notification left to polling: NUXT_YOUTUBE_API_KEY is not set', entries: notifications.length })
    return sendNoContent(event)
  }
  const counts = await publishingChanges(db, ({ onChange }) => applyWebSubNotifications(db, notifications, {
    connect: onUnitsSpent => youtubeConnectorFor(onUnitsSpent)!,
    ledger: youtubeQuotaLedger(db),
    onChange,
    onError: error => writeJsonLog({ level: 'warn', msg: 'WebSub notification', error: (error as Error).message }),
  }))
  writeJsonLog({ level: 'info', msg: 'WebSub notification', ...counts })
  return sendNoContent(event)
})
