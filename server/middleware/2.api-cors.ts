/**
 * CORS for the public read API: GET, HEAD and OPTIONS from the origins in NUXT_CORS_ORIGINS
 * (comma-separated; empty or `*` means any). Admin routes get no CORS headers: browsers on other
 * origins cannot call them.
 */
export default defineEventHandler((event) => {
  if (!isPublicApiPath(event.path)) return
  const setting = useRuntimeConfig().corsOrigins.trim()
  const origins = setting === '' || setting === '*' ? '*' : setting.split(',').map(origin => origin.trim()).filter(Boolean)
  const handledPreflight = handleCors(event, {
    origin: origins,
    methods: ['GET', 'HEAD', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'If-None-Match', 'X-Request-Id'],
    exposeHeaders: ['ETag', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy', 'Server-Timing', 'X-Request-Id'],
    maxAge: '86400',
  })
  if (handledPreflight) return null
})
