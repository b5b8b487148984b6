// The parts of autocannon's programmatic API that bench/api.bench.ts and bench/web.bench.ts use (the package ships no types).
declare module 'autocannon' {
  /** A histogram summary: mean/min/max/... plus percentiles named p50, p97_5, p99, ... */
  interface Histogram {
    average: number
    mean: number
    stddev: number
    min: number
    max: number
    total: number
    p50: number
    p90: number
    p97_5: number
    p99: number
  }

  interface Options {
    url: string
    connections?: number
    duration?: number
    pipelining?: number
    headers?: Record<string, string>
    /** Requests sent in turn; `setupRequest` rewrites each one before it is sent (e.g. a unique path). */
    requests?: Array<{ setupRequest?: (request: Request) => Request }>
  }

  /** What `setupRequest` gets and returns: `path` includes the query string. */
  export interface Request {
    method: string
    path: string
    headers: Record<string, string>
  }

  interface Result {
    /** Per-second samples of completed requests; `total` is all completed, `sent` all sent. */
    requests: Histogram & { sent: number }
    /** Milliseconds per request. */
    latency: Histogram
    /** Per-second samples of bytes read (headers included); `total` is all bytes. */
    throughput: Histogram
    errors: number
    timeouts: number
    non2xx: number
    statusCodeStats: Record<string, { count: number }>
  }

  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
