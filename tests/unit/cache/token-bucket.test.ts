import { describe, expect, it } from 'vitest'
import { TokenBuckets } from '../../../server/utils/token-bucket.ts'

describe('per-client token buckets', () => {
  it('lets a client burst to the limit, then refuses with the wait until the next token', () => {
    const buckets = new TokenBuckets(60)
    const now = 1_000_000
    for (let sent = 0; sent < 60; sent++) expect(buckets.take('a', now).allowed).toBe(true)
    const refused = buckets.take('a', now)
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1, resetSeconds: 60 })
    expect(buckets.take('b', now)).toMatchObject({ allowed: true, remaining: 59 })
  })

  it('refills continuously: one token per second at 60 a minute', () => {
    const buckets = new TokenBuckets(60)
    for (let sent = 0; sent < 60; sent++) buckets.take('a', 0)
    expect(buckets.take('a', 500).allowed).toBe(false)
    expect(buckets.take('a', 1000)).toMatchObject({ allowed: true, remaining: 0 })
    expect(buckets.take('a', 61_000)).toMatchObject({ allowed: true, remaining: 59 })
  })
})
