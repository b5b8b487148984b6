import { answerWebSubVerification } from '../../../sync/push/index.ts'

/**
 * The WebSub hub's verification of intent at /webhooks/youtube/websub: the challenge is echoed
 * only for a topic we asked for (subscribe: a tracked channel; unsubscribe: one we left), so nobody
 * can subscribe this callback to other feeds or end our subscriptions. Exists only with NUXT_WEBSUB_SECRET.
 */
export default defineEventHandler(async (event) => {
  if (!useRuntimeConfig().websubSecret) throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `Page not found: ${event.path}` })
  const { db } = await useDatabase(event)
  const intent = await answerWebSubVerification(db, getQuery(event), new Date())
  if (intent.ok) {
    setResponseHeader(event, 'Content-Type', 'text/plain; charset=utf-8')
    return intent.challenge
  }
  // The hub telling us it refused or cancelled a subscription: noted, and acknowledged.
  if (intent.status === 200) return sendNoContent(event, 200)
  throw createError({ statusCode: intent.status, message: intent.status === 404 ? `hub.topic: ${intent.reason}` : intent.reason })
})
