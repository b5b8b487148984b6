import type { PushSubscription } from '../../db/index.ts'
import { streamSubscriptionRequests, type StreamSubscriptionType } from '../../platforms/twitch/eventsub.ts'
import { TwitchAuthError, TwitchRateLimitedError, type TwitchConnector } from '../../platforms/twitch/index.ts'
import { forEachConcurrently } from '../youtube/concurrently.ts'
import type { TwitchPushSettings } from './push-settings.ts'
import type { SubscriptionPlan, WantedSubscription } from './plan-subscriptions.ts'
import { forgetSubscriptions, noteRequestFailed, noteSubscribeRequest } from './push-subscription-store.ts'
import type { PushSubscribeRun } from './push-subscribe-run.ts'
import { STREAM_SUBSCRIPTION_TYPES } from './wanted-subscriptions.ts'

const isStreamType = (type: string): type is StreamSubscriptionType => (STREAM_SUBSCRIPTION_TYPES as readonly string[]).includes(type)

/** Errors after which every further Twitch call of the run would fail alike. */
const stopsTheRun = (error: unknown) => error instanceof TwitchAuthError || error instanceof TwitchRateLimitedError

/** Broadcasters to leave, each with its records: Twitch is asked once per broadcaster. */
function byBroadcaster(subscriptions: readonly PushSubscription[]): Array<[string, PushSubscription[]]> {
  const groups = new Map<string, PushSubscription[]>()
  for (const subscription of subscriptions) groups.set(subscription.accountId, [...(groups.get(subscription.accountId) ?? []), subscription])
  return [...groups]
}

/**
 * Carries out the Twitch part of a plan through Helix with the app token: creates the missing
 * stream.online / stream.offline webhooks (Twitch then verifies them at
 * server/routes/webhooks/twitch/eventsub.post.ts), deletes those of broadcasters no longer tracked.
 */
export async function applyTwitchSubscriptionPlan(run: PushSubscribeRun, plan: SubscriptionPlan, settings: TwitchPushSettings, connector: TwitchConnector): Promise<void> {
  const { db, at, counts } = run
  const leaving = byBroadcaster(plan.unsubscribe)
  let stopped = false
  let requestsLeft = run.maxRequests
  let handled = 0

  async function create(wanted: WantedSubscription): Promise<void> {
    const request = streamSubscriptionRequests({ broadcasterUserId: wanted.accountId, callbackUrl: settings.callbackUrl, secret: settings.secret })
      .find(candidate => candidate.type === wanted.topic)
    if (!request) throw new RangeError(`${wanted.topic} is not a stream subscription type`)
    const created = await connector.createEventSubSubscription(request)
    const subscriptionId = created.outcome === 'created' ? created.subscription.id : null
    await noteSubscribeRequest(db, wanted, at, { status: 'active', subscriptionId, keepLease: true })
    counts.twitchCreated += 1
  }

  async function leave(userId: string, records: PushSubscription[]): Promise<void> {
    // Listed rather than taken from the records: an id is unknown when Twitch answered 409 on creation.
    const existing = (await connector.eventSubSubscriptionsOf(userId)).filter(subscription => isStreamType(subscription.type))
    for (const subscription of existing) {
      if (await connector.deleteEventSubSubscription(subscription.id) === 'deleted') counts.twitchDeleted += 1
    }
    await forgetSubscriptions(db, records.map(record => record._id))
  }

  /** Runs one step unless the run stopped or its requests are spent; a failure is noted on the records. */
  async function attempt(cost: number, what: string, ids: string[], step: () => Promise<void>, statusAfterFailure: 'failed' | 'active'): Promise<void> {
    if (stopped || requestsLeft < cost) return
    requestsLeft -= cost
    handled += 1
    run.checkSignal()
    try {
      await step()
    }
    catch (error) {
      stopped ||= stopsTheRun(error)
      const message = run.failed(what, error)
      for (const id of ids) await noteRequestFailed(db, id, at, message, statusAfterFailure)
    }
  }

  await forEachConcurrently(plan.subscribe, run.concurrency, ({ wanted }) => attempt(1, `EventSub ${wanted.topic} of Twitch user ${wanted.accountId}`, [wanted.id], async () => {
    // Noted first, like a WebSub request: a run that dies mid-request is retried, not forgotten.
    await noteSubscribeRequest(db, wanted, at, { status: 'requested', keepLease: true })
    await create(wanted)
  }, 'failed'))
  // Listing and deleting take up to three calls per broadcaster.
  await forEachConcurrently(leaving, run.concurrency, ([userId, records]) => attempt(3, `EventSub deletion for Twitch user ${userId}`, records.map(record => record._id), () => leave(userId, records), 'active'))

  run.checkSignal()
  await forgetSubscriptions(db, plan.forget.map(stored => stored._id))
  counts.forgotten += plan.forget.length
  counts.waiting += plan.subscribe.length + leaving.length - handled
}
