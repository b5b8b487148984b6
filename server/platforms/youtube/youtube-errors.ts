import { FetchError } from 'ofetch'
import { z } from 'zod'

/** The Data API resources we call, and the free upload feed. */
export type YoutubeEndpoint = 'channels' | 'playlistItems' | 'videos' | 'feed'

/** Any failed YouTube call. `status` is null when no answer came (network error, timeout). */
export class YoutubeApiError extends Error {
  readonly endpoint: YoutubeEndpoint
  readonly status: number | null
  /** Google's reason (`quotaExceeded`, `playlistNotFound`…) when the answer named one. */
  readonly reason: string | null

  constructor(message: string, endpoint: YoutubeEndpoint, status: number | null, reason: string | null, options?: ErrorOptions) {
    super(message, options)
    this.name = new.target.name
    this.endpoint = endpoint
    this.status = status
    this.reason = reason
  }
}

/** The project's daily quota is spent: no YouTube API call can succeed before `resetsAt`. */
export class YoutubeQuotaExceededError extends YoutubeApiError {
  readonly resetsAt: Date

  constructor(endpoint: YoutubeEndpoint, resetsAt: Date, status: number | null = 403) {
    super(`YouTube API quota exhausted; it resets at ${resetsAt.toISOString()} (midnight Pacific)`, endpoint, status, 'quotaExceeded')
    this.resetsAt = resetsAt
  }
}

/** The API key is missing, malformed or revoked: no call can succeed until it is fixed. */
export class YoutubeKeyInvalidError extends YoutubeApiError {}

/** The key's Google Cloud project has not enabled the YouTube Data API v3. */
export class YoutubeAccessNotConfiguredError extends YoutubeApiError {}

/** A 200 answer whose body is not the shape we rely on (an API change, a proxy's error page…). */
export class YoutubeUnexpectedResponseError extends YoutubeApiError {}

// Two shapes meet here: the legacy one (errors[].reason, e.g. keyInvalid) and the modern one that
// adds status and details[] with an ErrorInfo reason (API_KEY_INVALID, SERVICE_DISABLED).
const googleErrorBodySchema = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional(), domain: z.string().optional() })).optional(),
    details: z.array(z.object({ reason: z.string().optional() })).optional(),
  }),
})

export interface GoogleErrorSummary {
  /** Every reason the body names, legacy and modern. */
  reasons: string[]
  domains: string[]
  message: string | null
}

/** What a Google error body says, or nothing when the body is not one (an HTML error page). */
export function summarizeGoogleError(body: unknown): GoogleErrorSummary {
  const parsed = googleErrorBodySchema.safeParse(body)
  if (!parsed.success) return { reasons: [], domains: [], message: null }
  const { errors = [], details = [], message, status } = parsed.data.error
  const reasons = [...errors.map(error => error.reason), ...details.map(detail => detail.reason), status]
  return {
    reasons: reasons.filter(reason => reason !== undefined),
    domains: errors.flatMap(error => error.domain ?? []),
    // Google's messages carry HTML links (`<a href=…>quota</a>`): keep the words only.
    message: message?.replace(/<[^>]*>/g, '') ?? null,
  }
}

export function isQuotaExceeded(status: number, body: unknown): boolean {
  const { reasons, domains } = summarizeGoogleError(body)
  return status === 403 && (reasons.includes('quotaExceeded') || domains.includes('youtube.quota'))
}

/** The typed error for an HTTP error answer. */
export function youtubeErrorFor(endpoint: YoutubeEndpoint, status: number, body: unknown, quotaResetsAt: () => Date): YoutubeApiError {
  if (isQuotaExceeded(status, body)) return new YoutubeQuotaExceededError(endpoint, quotaResetsAt(), status)
  const { reasons, message } = summarizeGoogleError(body)
  const has = (...names: string[]) => names.find(name => reasons.includes(name))
  const keyReason = has('keyInvalid', 'API_KEY_INVALID')
  if (keyReason) return new YoutubeKeyInvalidError(`The YouTube API key was rejected (${keyReason}): check the configured key`, endpoint, status, keyReason)
  const accessReason = has('accessNotConfigured', 'SERVICE_DISABLED')
  if (accessReason) {
    return new YoutubeAccessNotConfiguredError(
      `The YouTube Data API v3 is not enabled for the key's Google Cloud project (${accessReason})`, endpoint, status, accessReason)
  }
  const reason = reasons[0] ?? null
  return new YoutubeApiError(`YouTube ${endpoint} answered ${status}${reason ? ` ${reason}` : ''}${message ? `: ${message}` : ''}`, endpoint, status, reason)
}

/**
 * The typed error for a failed ofetch call: classified when an answer came, else "could not be
 * reached". ofetch's own message holds the request URL, key included, so it is never reused.
 */
export function youtubeErrorOfFailedCall(endpoint: YoutubeEndpoint, error: unknown, quotaResetsAt: () => Date, redact = (text: string) => text): YoutubeApiError {
  if (error instanceof FetchError && error.response) return youtubeErrorFor(endpoint, error.response.status, error.data, quotaResetsAt)
  const cause = error instanceof FetchError ? error.cause : error
  const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)
  return new YoutubeApiError(`YouTube ${endpoint} could not be reached: ${redact(detail)}`, endpoint, null, null, { cause })
}
