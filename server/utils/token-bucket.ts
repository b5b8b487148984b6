/**
 * Per-client token buckets: each client may burst up to `capacity` requests and regains
 * `capacity` per minute, continuously. In-process only (the Node server); Workers use Cloudflare's
 * Rate Limiting binding instead. Written here rather than taken from a library because the ones
 * on npm are tied to Express or to Redis; this is the whole algorithm.
 */
export interface TokenBucketDecision {
  allowed: boolean
  remaining: number
  /** Seconds until the bucket is full again. */
  resetSeconds: number
  /** Seconds until the next request would be allowed (0 when allowed). */
  retryAfterSeconds: number
}

interface Bucket {
  tokens: number
  updatedAt: number
}

/** Buckets idle long enough to be full again are forgotten, so memory follows active clients only. */
const SWEEP_EVERY_MS = 60_000

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>()
  private readonly perMs: number
  private lastSweep = Date.now()

  constructor(readonly capacity: number, windowMs = 60_000) {
    this.perMs = capacity / windowMs
  }

  take(client: string, now = Date.now()): TokenBucketDecision {
    this.sweep(now)
    const bucket = this.buckets.get(client) ?? { tokens: this.capacity, updatedAt: now }
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * this.perMs)
    bucket.updatedAt = now
    const allowed = bucket.tokens >= 1
    if (allowed) bucket.tokens -= 1
    this.buckets.set(client, bucket)
    return {
      allowed,
      remaining: Math.floor(bucket.tokens),
      resetSeconds: Math.ceil((this.capacity - bucket.tokens) / this.perMs / 1000),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)),
    }
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return
    this.lastSweep = now
    const fullAfterMs = this.capacity / this.perMs
    for (const [client, bucket] of this.buckets) {
      if (now - bucket.updatedAt >= fullAfterMs) this.buckets.delete(client)
    }
  }
}
