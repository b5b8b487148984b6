export interface CallPacerOptions {
  /** The average pace, once the burst is spent. */
  perMinute: number
  /** Calls that go at once before the pace applies. */
  burst: number
  /** Epoch ms. */
  now: () => number
  sleep: (ms: number) => Promise<void>
}

/**
 * A bucket of the caller's own, smaller and slower than Helix's: `pace()` before each call returns
 * at once while the burst lasts, then spaces the calls evenly at `perMinute`, however many workers
 * ask at once (each takes the next free slot).
 */
export function createCallPacer(options: CallPacerOptions): () => Promise<void> {
  const everyMs = 60_000 / options.perMinute
  let tokens = options.burst
  let filledAt = options.now()
  return async () => {
    const now = options.now()
    tokens = Math.min(options.burst, tokens + Math.max(0, now - filledAt) / everyMs) - 1
    filledAt = Math.max(filledAt, now)
    if (tokens < 0) await options.sleep(-tokens * everyMs)
  }
}
