import { TwitchRateLimitedError } from './twitch-errors.ts'

export interface RateLimitGate {
  /** Learns the bucket's state from an answer's Ratelimit-Remaining and Ratelimit-Reset headers. */
  observe: (headers: Headers) => void
  /** Before a call: waits for the reset when the bucket is (nearly) empty. */
  awaitCapacity: (endpoint: string) => Promise<void>
  /** After a 429: waits for the reset, and at least `minimumMs` (the reset may already have passed). */
  waitAfterRefusal: (endpoint: string, minimumMs: number) => Promise<void>
}

export interface RateLimitGateOptions {
  now: () => number
  sleep: (ms: number) => Promise<void>
  /** A longer wait fails with TwitchRateLimitedError, so a task stops instead of hanging. */
  maxWaitMs: number
  /** Wait for the reset once the bucket holds this few points; calls in flight still spend some. */
  lowPoints: number
}

function numberHeader(headers: Headers, name: string): number | undefined {
  const value = headers.get(name)
  if (value === null || value.trim() === '') return undefined
  const number = Number(value)
  return Number.isFinite(number) ? number : undefined
}

/** Keeps a client id's Helix calls within its points bucket, as far as Twitch's headers tell. */
export function createRateLimitGate(options: RateLimitGateOptions): RateLimitGate {
  let remaining: number | undefined
  let resetAtMs: number | undefined

  async function waitForReset(endpoint: string, minimumMs: number): Promise<void> {
    const waitMs = Math.max(minimumMs, resetAtMs === undefined ? 0 : resetAtMs - options.now())
    if (waitMs > options.maxWaitMs) {
      throw new TwitchRateLimitedError(
        resetAtMs === undefined ? null : new Date(resetAtMs),
        `The Twitch rate limit resets in ${Math.ceil(waitMs / 1000)} s, longer than the ${Math.ceil(options.maxWaitMs / 1000)} s a call may wait`,
        endpoint,
      )
    }
    if (waitMs > 0) await options.sleep(waitMs)
    // A refilled bucket: its level is unknown until the next answer tells.
    remaining = undefined
  }

  return {
    observe(headers) {
      remaining = numberHeader(headers, 'ratelimit-remaining') ?? remaining
      const resetSeconds = numberHeader(headers, 'ratelimit-reset')
      if (resetSeconds !== undefined) resetAtMs = resetSeconds * 1000
    },
    async awaitCapacity(endpoint) {
      const nearlyEmpty = remaining !== undefined && remaining <= options.lowPoints
      if (nearlyEmpty && resetAtMs !== undefined && resetAtMs > options.now()) await waitForReset(endpoint, 0)
      // Count the call now, so a burst sent before any answer returns still sees the bucket drain.
      if (remaining !== undefined) remaining -= 1
    },
    waitAfterRefusal: waitForReset,
  }
}
