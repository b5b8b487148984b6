import type { H3Event } from 'h3'

function elapsedMs(event: H3Event): number {
  return performance.now() - (event.context.startedAt ?? performance.now())
}

/**
 * What each request leaves behind: a Server-Timing header on API answers (cache hit or miss,
 * database time, total) and one JSON log line (method, path, status, duration, cache, request id).
 * Errors are logged with their cause; what the client sees is decided by the error handler, which
 * in production never includes a stack or a cause.
 */
export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('beforeResponse', (event) => {
    if (event.path.startsWith('/api/') && !event.node.res.headersSent) {
      setResponseHeader(event, 'Server-Timing', serverTimingHeader(event, elapsedMs(event)))
    }
  })
  nitroApp.hooks.hook('afterResponse', (event) => {
    writeJsonLog({
      level: 'info',
      msg: 'request',
      method: event.method,
      path: event.path,
      status: event.node.res.statusCode,
      durationMs: Math.round(elapsedMs(event) * 10) / 10,
      ...(event.context.cacheStatus && { cache: event.context.cacheStatus }),
      requestId: event.context.requestId,
    })
  })
  nitroApp.hooks.hook('error', (error, { event }) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500
    // Client mistakes (4xx) are in the request line already; failures are logged with their cause.
    if (status < 500) return
    const cause = (error as { cause?: unknown }).cause
    writeJsonLog({
      level: 'error',
      msg: error.message,
      status,
      path: event?.path,
      requestId: event?.context.requestId,
      cause: cause instanceof Error ? `${cause.name}: ${cause.message}` : cause === undefined ? undefined : String(cause),
      stack: error.stack,
    })
  })
})
