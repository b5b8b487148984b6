import type { PushPlatform, PushSubscription } from '../../db/index.ts'
import { DEFAULT_LEASE_RENEWAL_MARGIN_MS, leaseRenewalDue } from '../../platforms/youtube/websub.ts'

const HOUR = 3_600_000

/** A subscription we want: one per tracked YouTube channel, two per tracked Twitch broadcaster. */
export interface WantedSubscription {
  /** The stored document's `_id`. */
  id: string
  platform: PushPlatform
  topic: string
  accountId: string
  creatorId: string
  callback: string
}

/** `new`: none yet (or for another callback); `renew`: the lease runs out soon; `retry`: the last request failed or went unanswered. */
export type SubscribeReason = 'new' | 'renew' | 'retry'

export interface SubscriptionPlan {
  /** Most urgent first: leases about to run out, then new subscriptions, then retries. */
  subscribe: Array<{ wanted: WantedSubscription, reason: SubscribeReason, stored: PushSubscription | null }>
  /** Subscriptions of creators no longer tracked that the hub still serves. */
  unsubscribe: PushSubscription[]
  /** Records with nothing behind them any more (lease over, never created): deleted without a request. */
  forget: PushSubscription[]
}

export interface PlanTiming {
  /** Renew a lease this long before it runs out. */
  renewalMarginMs: number
  /** How long a request the hub accepted may go unverified before it is sent again. */
  verificationWaitMs: number
  /** The wait after `failures` failed or denied requests in a row. */
  retryWaitMs: (failures: number) => number
}

export const DEFAULT_PLAN_TIMING: PlanTiming = {
  renewalMarginMs: DEFAULT_LEASE_RENEWAL_MARGIN_MS,
  verificationWaitMs: 6 * HOUR,
  // An hour, doubling to a day: a hub that refuses new subscriptions for days (YouTube's did in
  // Sep 2026) gets one request per channel a day, not one an hour.
  retryWaitMs: failures => Math.min(HOUR * 2 ** Math.max(0, failures - 1), 24 * HOUR),
}

const elapsedSince = (at: Date | null, now: Date) => at === null ? Number.POSITIVE_INFINITY : now.getTime() - at.getTime()

/** Whether the subscription needs a request at all: a lease running out (YouTube), or none made yet (Twitch has no leases). */
function needsRequest(stored: PushSubscription, now: Date, timing: PlanTiming): boolean {
  if (stored.platform === 'twitch') return stored.status !== 'active'
  return leaseRenewalDue(stored.leaseExpiresAt, now, timing.renewalMarginMs)
}

function subscribeReason(wanted: WantedSubscription, stored: PushSubscription | undefined, now: Date, timing: PlanTiming): SubscribeReason | null {
  if (!stored || stored.callback !== wanted.callback || stored.status === 'unsubscribing') return 'new'
  if (!needsRequest(stored, now, timing)) return null
  switch (stored.status) {
    case 'active':
      return 'renew'
    case 'requested':
      return elapsedSince(stored.requestedAt, now) >= timing.verificationWaitMs ? 'retry' : null
    case 'denied':
    case 'failed':
      return elapsedSince(stored.updatedAt, now) >= timing.retryWaitMs(stored.failures) ? 'retry' : null
  }
}

/** What to do about a subscription no one wants any more. */
function leaveAction(stored: PushSubscription, now: Date, timing: PlanTiming): 'unsubscribe' | 'forget' | null {
  // Twitch subscriptions last until deleted; one that was never created has nothing to delete.
  if (stored.platform === 'twitch') return stored.status === 'active' ? 'unsubscribe' : 'forget'
  // A lease that ran out (or never began) ends on its own: the hub pushes nothing more.
  const leaseLive = stored.leaseExpiresAt !== null && stored.leaseExpiresAt > now
  if (!leaseLive) return 'forget'
  if (stored.status !== 'unsubscribing') return 'unsubscribe'
  return elapsedSince(stored.requestedAt, now) >= timing.verificationWaitMs ? 'unsubscribe' : null
}

const URGENCY: Record<SubscribeReason, number> = { renew: 0, new: 1, retry: 2 }

/**
 * Which subscriptions to request, renew, end or forget, from what is tracked and what is stored.
 * Pure: the same inputs give the same plan, so a run that dies half-way is simply planned again.
 */
export function planSubscriptions(wanted: readonly WantedSubscription[], stored: readonly PushSubscription[], now: Date, timing: PlanTiming = DEFAULT_PLAN_TIMING): SubscriptionPlan {
  const storedById = new Map(stored.map(subscription => [subscription._id, subscription]))
  const wantedIds = new Set(wanted.map(subscription => subscription.id))
  const plan: SubscriptionPlan = { subscribe: [], unsubscribe: [], forget: [] }
  for (const subscription of wanted) {
    const existing = storedById.get(subscription.id)
    const reason = subscribeReason(subscription, existing, now, timing)
    if (reason) plan.subscribe.push({ wanted: subscription, reason, stored: existing ?? null })
  }
  for (const subscription of stored) {
    if (wantedIds.has(subscription._id)) continue
    const action = leaveAction(subscription, now, timing)
    if (action) plan[action].push(subscription)
  }
  const leaseEnd = (entry: SubscriptionPlan['subscribe'][number]) => entry.stored?.leaseExpiresAt?.getTime() ?? Number.POSITIVE_INFINITY
  plan.subscribe.sort((a, b) => URGENCY[a.reason] - URGENCY[b.reason] || leaseEnd(a) - leaseEnd(b) || a.wanted.id.localeCompare(b.wanted.id))
  return plan
}
