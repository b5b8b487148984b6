import { channelIdOfTopic } from './topic.ts'

/** The callback's query as a framework hands it over: URLSearchParams, or an object like h3's getQuery(). */
export type HubQuery = URLSearchParams | Readonly<Record<string, unknown>>

/** Which channels count as ours: a set or list of channel ids, or a test. */
export type ChannelMatcher = ReadonlySet<string> | readonly string[] | ((channelId: string) => boolean)

export interface IntentExpectations {
  /**
   * Channels we want pushes for. The hub re-verifies on every renewal, so this is every tracked
   * channel, not only subscriptions requested a moment ago.
   */
  subscribe: ChannelMatcher
  /** Channels we asked to leave; any other `unsubscribe` is refused, so nobody else can end our subscriptions. */
  unsubscribe?: ChannelMatcher
  /** When the callback URL itself names a channel (…?channel_id=UC…), the topic must be that channel's. */
  callbackChannelId?: string | null
}

/**
 * What the callback answers to the hub's verification GET. `ok`: reply 200 with `challenge` as the
 * body (text/plain). Otherwise reply `status` with no challenge: 404 says "we do not want this",
 * 400 a request that is not a WebSub verification. A `denied` notice (the hub refused or cancelled a
 * subscription) is acknowledged with 200.
 */
export type SubscriptionIntent
  = { ok: true, mode: 'subscribe', topic: string, channelId: string, challenge: string, /** Null when the hub named none. */ leaseSeconds: number | null }
    | { ok: true, mode: 'unsubscribe', topic: string, channelId: string, challenge: string, leaseSeconds: null }
    | { ok: false, status: 400 | 404, reason: string }
    | { ok: false, status: 200, reason: string, denied: { topic: string, channelId: string | null, hubReason: string | null } }

const HUB_PARAMS = ['hub.mode', 'hub.topic', 'hub.challenge', 'hub.lease_seconds', 'hub.reason'] as const
type HubParams = Partial<Record<typeof HUB_PARAMS[number], string>>

/** The hub.* parameters, or why they cannot be read (a repeated or non-text value). */
function hubParamsOf(query: HubQuery): HubParams | string {
  const params: HubParams = {}
  for (const name of HUB_PARAMS) {
    const values = query instanceof URLSearchParams ? query.getAll(name) : [query[name]].flat().filter(value => value !== undefined && value !== null)
    if (values.length > 1) return `${name} is given ${values.length} times`
    const [value] = values
    if (value === undefined) continue
    if (typeof value !== 'string') return `${name} is not text`
    params[name] = value
  }
  return params
}

function matches(matcher: ChannelMatcher | undefined, channelId: string): boolean {
  if (matcher === undefined) return false
  if (typeof matcher === 'function') return matcher(channelId)
  return 'has' in matcher ? matcher.has(channelId) : matcher.includes(channelId)
}

const refuse = (status: 400 | 404, reason: string): SubscriptionIntent => ({ ok: false, status, reason })

function leaseSecondsOf(text: string | undefined): number | null | 'invalid' {
  if (text === undefined) return null
  const seconds = /^\d{1,10}$/.test(text) ? Number(text) : 0
  return seconds > 0 ? seconds : 'invalid'
}

/**
 * Checks the hub's verification of intent (WebSub §5.3): `hub.mode`, `hub.topic`, `hub.challenge`
 * and, for subscriptions, `hub.lease_seconds`. Only a topic we asked for is confirmed: echoing every
 * challenge would let anyone subscribe our callback to anything, or unsubscribe us.
 */
export function verifySubscriptionIntent(query: HubQuery, expected: IntentExpectations): SubscriptionIntent {
  const params = hubParamsOf(query)
  if (typeof params === 'string') return refuse(400, params)
  const { 'hub.mode': mode, 'hub.topic': topic, 'hub.challenge': challenge } = params
  if (mode === undefined) return refuse(400, 'hub.mode is missing')
  if (topic === undefined || topic === '') return refuse(400, 'hub.topic is missing')
  if (mode === 'denied') {
    const denied = { topic, channelId: channelIdOfTopic(topic), hubReason: params['hub.reason'] ?? null }
    return { ok: false, status: 200, reason: `the hub denied the subscription to ${topic}`, denied }
  }
  if (mode !== 'subscribe' && mode !== 'unsubscribe') return refuse(400, `hub.mode "${mode}" is neither subscribe nor unsubscribe`)
  if (challenge === undefined || challenge === '') return refuse(400, 'hub.challenge is missing')

  const channelId = channelIdOfTopic(topic)
  if (channelId === null) return refuse(404, `${topic} is not a YouTube channel's upload feed`)
  const { callbackChannelId } = expected
  if (callbackChannelId != null && callbackChannelId !== channelId) return refuse(404, `this callback is for ${callbackChannelId}, not ${channelId}`)

  if (mode === 'unsubscribe') {
    if (!matches(expected.unsubscribe, channelId)) return refuse(404, `we did not ask to unsubscribe from ${channelId}`)
    return { ok: true, mode, topic, channelId, challenge, leaseSeconds: null }
  }
  if (!matches(expected.subscribe, channelId)) return refuse(404, `we do not follow ${channelId}`)
  const leaseSeconds = leaseSecondsOf(params['hub.lease_seconds'])
  if (leaseSeconds === 'invalid') return refuse(400, `hub.lease_seconds "${params['hub.lease_seconds']}" is not a positive number of seconds`)
  return { ok: true, mode, topic, channelId, challenge, leaseSeconds }
}
