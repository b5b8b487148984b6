/**
 * When the platform connectors retry. Shared by YouTube and Twitch so both back off the same way:
 * network errors and 5xx are retried with exponential backoff and full jitter (many channels failing
 * together must not retry in lock-step); other 4xx are answers, never retried here (401 and 429 have
 * their own handling in each connector: token refresh, rate-limit reset).
 */
export const RETRIES = 3
export const RETRY_BASE_MS = 500
export const RETRY_CAP_MS = 20_000
/** ofetch's default list without 409 and 425, and without 429 (handled per platform). */
export const RETRYABLE_STATUS_CODES = [408, 500, 502, 503, 504]
/** Per attempt: a hung platform must not hold a sync run. */
export const REQUEST_TIMEOUT_MS = 15_000

/** Delay before retry number `attempt` (1-based): uniform in [0, min(cap, base * 2^(attempt-1))]. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random, baseMs = RETRY_BASE_MS, capMs = RETRY_CAP_MS): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** (attempt - 1)))
}
