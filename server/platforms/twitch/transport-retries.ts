import { backoffDelayMs } from '../retry-policy.ts'
import { isTransientFailure } from './fetch-failures.ts'

export interface RetryTiming {
  retries: number
  baseMs: number
  random: () => number
  sleep: (ms: number) => Promise<void>
}

/**
 * Runs `attempt` again after network errors, timeouts and 408/5xx, with the shared backoff.
 * Our own loop rather than ofetch's `retry`: ofetch 1.5.1 hands a timed-out attempt's aborted
 * signal to its retries, so after one timeout every retry fails at once without being sent.
 */
export async function withTransportRetries<T>(attempt: () => Promise<T>, timing: RetryTiming): Promise<T> {
  for (let retry = 1; ; retry++) {
    try {
      return await attempt()
    }
    catch (error) {
      if (retry > timing.retries || !isTransientFailure(error)) throw error
      await timing.sleep(backoffDelayMs(retry, timing.random, timing.baseMs))
    }
  }
}
