import { REQUEST_TIMEOUT_MS, RETRIES, RETRY_BASE_MS } from '../retry-policy.ts'
import { createAppTokenSource } from './app-token.ts'
import type { EventSubSubscriptionRequest } from './eventsub/subscription-requests.ts'
import {
  createEventSubSubscription, deleteEventSubSubscription, eventSubSubscriptionsOf,
  type EventSubCreation, type EventSubSubscriptionSummary,
} from './eventsub/subscriptions-api.ts'
import { fetchFollowersTotal } from './followers.ts'
import { createHelixClient } from './helix-client.ts'
import { createRateLimitGate } from './rate-limit-gate.ts'
import { fetchLiveStreams, type HelixStream } from './streams.ts'
import { fetchUsersByIds, fetchUsersByLogins, type HelixUser } from './users.ts'
import { fetchArchiveVideos, type ArchiveVideosOptions, type HelixVideo } from './videos.ts'

export interface TwitchConnectorOptions {
  /** Like https://api.twitch.tv/helix. */
  apiBase: string
  /** Like https://id.twitch.tv. */
  authBase: string
  clientId: string
  clientSecret: string
  /** Told about every answered Helix request, for the run's budget accounting. */
  onPointsSpent?: (points: number, endpoint: string) => void
  /** Injectable for tests: the clock (epoch ms), the waits and the backoff jitter. */
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  timeoutMs?: number
  retries?: number
  retryBaseMs?: number
  /** Longest wait for a rate-limit reset before a call fails with TwitchRateLimitedError. */
  maxRateLimitWaitMs?: number
  /** Points left in the bucket at which calls wait for its reset. */
  lowPoints?: number
}

export interface TwitchConnector {
  usersByIds: (userIds: readonly string[]) => Promise<HelixUser[]>
  usersByLogins: (logins: readonly string[]) => Promise<HelixUser[]>
  liveStreams: (userIds: readonly string[]) => Promise<HelixStream[]>
  archiveVideos: (userId: string, options?: ArchiveVideosOptions) => Promise<HelixVideo[]>
  followersTotal: (broadcasterId: string) => Promise<number>
  /** EventSub webhook subscriptions (push:subscribe): create (409 counts as done), list by user, delete. */
  createEventSubSubscription: (request: EventSubSubscriptionRequest) => Promise<EventSubCreation>
  eventSubSubscriptionsOf: (userId: string) => Promise<EventSubSubscriptionSummary[]>
  deleteEventSubSubscription: (subscriptionId: string) => Promise<'deleted' | 'missing'>
}

/** The bucket refills within a minute, so one full window (plus slack) is the longest useful wait. */
const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 65_000
const DEFAULT_LOW_POINTS = 10

function sleepFor(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

/** One connector per client id: its calls share one app token and one rate-limit bucket. */
export function createTwitchConnector(options: TwitchConnectorOptions): TwitchConnector {
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? sleepFor
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS
  const retry = { retries: options.retries ?? RETRIES, baseMs: options.retryBaseMs ?? RETRY_BASE_MS, random: options.random ?? Math.random, sleep }
  const appToken = createAppTokenSource({ authBase: options.authBase, clientId: options.clientId, clientSecret: options.clientSecret, now, timeoutMs, retry })
  const gate = createRateLimitGate({ now, sleep, maxWaitMs: options.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS, lowPoints: options.lowPoints ?? DEFAULT_LOW_POINTS })
  const client = createHelixClient({ apiBase: options.apiBase, clientId: options.clientId, appToken, gate, retry, timeoutMs, onPointsSpent: options.onPointsSpent })
  return {
    usersByIds: userIds => fetchUsersByIds(client, userIds),
    usersByLogins: logins => fetchUsersByLogins(client, logins),
    liveStreams: userIds => fetchLiveStreams(client, userIds),
    archiveVideos: (userId, archiveOptions) => fetchArchiveVideos(client, userId, archiveOptions),
    followersTotal: broadcasterId => fetchFollowersTotal(client, broadcasterId),
    createEventSubSubscription: request => createEventSubSubscription(client, request),
    eventSubSubscriptionsOf: userId => eventSubSubscriptionsOf(client, userId),
    deleteEventSubSubscription: subscriptionId => deleteEventSubSubscription(client, subscriptionId),
  }
}
