import { createHash, timingSafeEqual } from 'node:crypto'
import type { H3Event } from 'h3'

const digest = (text: string) => createHash('sha256').update(text).digest()

/**
 * Guards the admin API. Without NUXT_ADMIN_TOKEN the admin routes do not exist (404, as for any
 * unknown path); otherwise `Authorization: Bearer <token>` is required, compared in constant time
 * (digests of equal length, so neither the content nor the length of the token leaks).
 */
export function requireAdmin(event: H3Event): void {
  const token = String(useRuntimeConfig().adminToken ?? '')
  if (!token) throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `Page not found: ${event.path}` })
  const header = getRequestHeader(event, 'authorization') ?? ''
  const presented = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? ''
  if (!presented || !timingSafeEqual(digest(presented), digest(token))) {
    setResponseHeader(event, 'WWW-Authenticate', 'Bearer realm="creatorino-admin"')
    throw createError({ statusCode: 401, statusMessage: 'Unauthorized', message: 'authorization: a valid "Bearer <NUXT_ADMIN_TOKEN>" header is required' })
  }
}
