import { ofetch, type $Fetch } from 'ofetch'
import { backoffDelayMs, REQUEST_TIMEOUT_MS, RETRIES, RETRY_BASE_MS, RETRYABLE_STATUS_CODES } from '../retry-policy.ts'

export interface RetryingFetchOptions {
  /** For tests and non-Node runtimes; globalThis.fetch by default. */
  fetch?: typeof globalThis.fetch
  /** The jitter source of the backoff. */
  random?: () => number
  retries?: number
  retryBaseMs?: number
  timeoutMs?: number
}

/**
 * An ofetch instance with the shared retry policy: network errors, timeouts, 408 and 5xx are
 * retried with jittered backoff; any other answer is returned or thrown at once.
 */
export function createRetryingFetch(baseURL: string, options: RetryingFetchOptions = {}): $Fetch {
  const retries = options.retries ?? RETRIES
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS
  return ofetch.create({
    baseURL,
    retry: retries,
    retryStatusCodes: RETRYABLE_STATUS_CODES,
    // ofetch counts the retries left down from `retries`, so this is the 1-based number of the retry to come.
    retryDelay: context => backoffDelayMs(retries - Number(context.options.retry ?? 0) + 1, options.random, options.retryBaseMs ?? RETRY_BASE_MS),
    // Not ofetch's `timeout`: it keeps the first attempt's aborted signal, so every retry after a
    // timeout would fail at once (ofetch 1.5.1). A fresh signal per attempt makes retries real.
    onRequest: (context) => {
      context.options.signal = AbortSignal.timeout(timeoutMs)
    },
  }, options.fetch ? { fetch: options.fetch } : {})
}
