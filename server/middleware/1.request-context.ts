/**
 * First for every request: when it started and its id (the caller's X-Request-Id when it is a sane
 * token, else a new one), echoed in the response so a client's report can be matched to our log.
 */
const REQUEST_ID = /^[\w.:-]{1,100}$/

export default defineEventHandler((event) => {
  event.context.startedAt = performance.now()
  const given = getRequestHeader(event, 'x-request-id')
  event.context.requestId = given && REQUEST_ID.test(given) ? given : crypto.randomUUID()
  setResponseHeader(event, 'X-Request-Id', event.context.requestId)
})
