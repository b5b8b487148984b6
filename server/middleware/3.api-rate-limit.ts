import type { H3Event } from 'h3'

const WINDOW_SECONDS = 60
let buckets: TokenBuckets | undefined

interface RateLimiterBinding {
  limit: (options: { key: string }) => Promise<{ success: boolean }>
}

/** Who a request counts against: the client's address (Cloudflare's connecting IP on Workers). */
function clientOf(event: H3Event): string {
  return getRequestHeader(event, 'cf-connecting-ip') && isRunningOnWorkers()
    ? getRequestHeader(event, 'cf-connecting-ip')!
    : getRequestIP(event) ?? 'unknown'
}

function tooManyRequests(event: H3Event, limit: number, retryAfter: number) {
  setResponseHeader(event, 'Retry-After', retryAfter)
  return createError({ statusCode: 429, statusMessage: 'Too Many Requests', message: `Rate limit: ${limit} requests per minute per client; retry in ${retryAfter} s` })
}

/**
 * NUXT_RATE_LIMIT_PER_MINUTE requests per minute per client on /api/** (0 turns it off): 429 with
 * Retry-After beyond it, and RateLimit-* headers (IETF draft) on every answer. The Node server keeps
 * token buckets in memory; on Workers Cloudflare's Rate Limiting binding API_RATE_LIMITER decides,
 * because isolates share no memory and KV allows one write per second per key.
 */
export default defineEventHandler(async (event) => {
  if (!event.path.startsWith('/api/') || event.method === 'OPTIONS') return
  const limit = Number(useRuntimeConfig().rateLimitPerMinute)
  if (!(limit > 0)) return
  const client = clientOf(event)
  const binding = event.context.cloudflare?.env?.API_RATE_LIMITER as RateLimiterBinding | undefined
  if (binding) {
    if (!(await binding.limit({ key: client })).success) throw tooManyRequests(event, limit, WINDOW_SECONDS)
    return
  }
  if (buckets?.capacity !== limit) buckets = new TokenBuckets(limit, WINDOW_SECONDS * 1000)
  const decision = buckets.take(client)
  setResponseHeaders(event, {
    'RateLimit-Policy': `${limit};w=${WINDOW_SECONDS}`,
    'RateLimit-Limit': limit,
    'RateLimit-Remaining': decision.remaining,
    'RateLimit-Reset': decision.resetSeconds,
  })
  if (!decision.allowed) throw tooManyRequests(event, limit, decision.retryAfterSeconds)
})
