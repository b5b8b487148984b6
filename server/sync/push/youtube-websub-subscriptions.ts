import type { PushSubscription } from '../../db/index.ts'
import { sendHubRequest, subscriptionRequest, type HubRequestOptions } from '../../platforms/youtube/websub.ts'
import { forEachConcurrently } from '../youtube/concurrently.ts'
import type { YoutubePushSettings } from './push-settings.ts'
import type { SubscriptionPlan } from './plan-subscriptions.ts'
import { forgetSubscriptions, noteRequestFailed, noteSubscribeRequest, noteUnsubscribeRequest } from './push-subscription-store.ts'
import type { PushSubscribeRun } from './push-subscribe-run.ts'

/**
 * Carries out the YouTube part of a plan against the WebSub hub: subscribes and renews (the same
 * request), unsubscribes creators no longer tracked, forgets what has lapsed. The hub verifies each
 * request with a GET to our callback (server/routes/webhooks/youtube/websub.get.ts), which makes
 * a subscription active and records its lease.
 */
export async function applyYoutubeSubscriptionPlan(run: PushSubscribeRun, plan: SubscriptionPlan, settings: YoutubePushSettings, hub: HubRequestOptions = {}): Promise<void> {
  const { db, at, counts } = run
  const subscribe = plan.subscribe.slice(0, run.maxRequests)
  const unsubscribe = plan.unsubscribe.slice(0, Math.max(0, run.maxRequests - subscribe.length))
  counts.waiting += plan.subscribe.length - subscribe.length + plan.unsubscribe.length - unsubscribe.length

  await forEachConcurrently(subscribe, run.concurrency, async ({ wanted, reason, stored }) => {
    run.checkSignal()
    const request = subscriptionRequest({ mode: 'subscribe', hubUrl: settings.hubUrl, callbackUrl: settings.callbackUrl, channelId: wanted.accountId, secret: settings.secret, leaseSeconds: settings.leaseSeconds })
    await noteSubscribeRequest(db, wanted, at, { status: 'requested', keepLease: stored?.callback === wanted.callback })
    try {
      await sendHubRequest(request, hub)
    }
    catch (error) {
      await noteRequestFailed(db, wanted.id, at, run.failed(`WebSub subscription to ${wanted.accountId}`, error))
      return
    }
    if (reason === 'renew') counts.youtubeRenewed += 1
    else counts.youtubeSubscribed += 1
  })

  await forEachConcurrently(unsubscribe, run.concurrency, async (stored: PushSubscription) => {
    run.checkSignal()
    const request = subscriptionRequest({ mode: 'unsubscribe', hubUrl: settings.hubUrl, callbackUrl: stored.callback, channelId: stored.accountId })
    await noteUnsubscribeRequest(db, stored._id, at)
    try {
      await sendHubRequest(request, hub)
      counts.youtubeUnsubscribed += 1
    }
    catch (error) {
      await noteRequestFailed(db, stored._id, at, run.failed(`WebSub unsubscription from ${stored.accountId}`, error), 'unsubscribing')
    }
  })

  run.checkSignal()
  await forgetSubscriptions(db, plan.forget.map(stored => stored._id))
  counts.forgotten += plan.forget.length
}
