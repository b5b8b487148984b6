/**
 * What can go wrong talking to Twitch, as types a sync task can tell apart: credentials that do
 * not work (stop all Twitch calls), a rate limit that would hold the run too long (stop now, resume
 * next run), and any other refusal or failure of one call (skip that item, carry on).
 */
export class TwitchApiError extends Error {
  /** The HTTP status Twitch answered with; null when no answer came (network error, timeout). */
  readonly status: number | null
  /** The endpoint called, e.g. `/users`. */
  readonly endpoint: string

  // No parameter properties: the CLIs run this file with Node's type stripping, which rejects them.
  constructor(status: number | null, message: string, endpoint: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'TwitchApiError'
    this.status = status
    this.endpoint = endpoint
  }
}

/** The client id or secret is refused, or a fresh app token is refused too. */
export class TwitchAuthError extends TwitchApiError {
  constructor(status: number | null, message: string, endpoint: string, options?: ErrorOptions) {
    super(status, message, endpoint, options)
    this.name = 'TwitchAuthError'
  }
}

/** The rate-limit bucket resets later than the caller is willing to wait. */
export class TwitchRateLimitedError extends TwitchApiError {
  /** When Twitch says the bucket is full again; null when it did not say. */
  readonly resetAt: Date | null

  constructor(resetAt: Date | null, message: string, endpoint: string) {
    super(429, message, endpoint)
    this.name = 'TwitchRateLimitedError'
    this.resetAt = resetAt
  }
}
