import type { Db } from 'mongodb'
import { errorMessageOf } from '../task-runs.ts'

/** What push:subscribe reports (the task's result): a plain record of numbers, so it is a TaskCounts. */
export type PushSubscribeCounts = {
  /** 1 when the platform's push is configured (secret, credentials, an https site URL), else 0. */
  youtubeConfigured: number
  twitchConfigured: number
  /** WebSub requests the hub accepted: new topics, renewed leases, and topics left. */
  youtubeSubscribed: number
  youtubeRenewed: number
  youtubeUnsubscribed: number
  /** EventSub subscriptions created (or found to exist already), and deleted. */
  twitchCreated: number
  twitchDeleted: number
  /** Records dropped without a request: leases that ran out, subscriptions never made. */
  forgotten: number
  /** Requests left for the next run (the run's cap, or calls stopped). */
  waiting: number
  errors: number
}

export function emptyPushCounts(): PushSubscribeCounts {
  return {
    youtubeConfigured: 0, twitchConfigured: 0, youtubeSubscribed: 0, youtubeRenewed: 0, youtubeUnsubscribed: 0,
    twitchCreated: 0, twitchDeleted: 0, forgotten: 0, waiting: 0, errors: 0,
  }
}

/** What each step of a push:subscribe run shares. */
export interface PushSubscribeRun {
  db: Db
  /** The run's instant: every record it writes carries it. */
  at: Date
  counts: PushSubscribeCounts
  /** Requests each platform may still send this run. */
  maxRequests: number
  concurrency: number
  /** Throws once the run must stop (its task lost the lock). */
  checkSignal(): void
  /** One failed request: counted, reported, and its message returned for the record's lastError. */
  failed(what: string, error: unknown): string
}

export interface PushSubscribeRunOptions {
  db: Db
  at: Date
  maxRequests: number
  concurrency: number
  signal?: AbortSignal
  reportError?: (error: unknown) => void
}

export function createPushSubscribeRun({ db, at, maxRequests, concurrency, signal, reportError }: PushSubscribeRunOptions): PushSubscribeRun {
  const counts = emptyPushCounts()
  return {
    db, at, counts, maxRequests, concurrency,
    checkSignal: () => signal?.throwIfAborted(),
    failed(what, error) {
      const message = `${what}: ${errorMessageOf(error)}`
      counts.errors += 1
      reportError?.(new Error(message, { cause: error }))
      return message
    },
  }
}
