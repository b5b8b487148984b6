import type { Db } from 'mongodb'
import { channelIdOfTopic, leaseExpiresAt, verifySubscriptionIntent, type HubQuery, type SubscriptionIntent } from '../../platforms/youtube/websub.ts'
import { loadTrackedChannels } from '../youtube/tracked-channels.ts'
import { forgetSubscriptions, noteRequestFailed, noteVerified, storedSubscription } from './push-subscription-store.ts'
import { youtubeSubscriptionId } from './wanted-subscriptions.ts'

/**
 * WebSub says the hub MUST send hub.lease_seconds; if one ever does not, count on two days, so
 * push:subscribe renews it the next day rather than trusting a lease that may be shorter.
 */
export const ASSUMED_LEASE_SECONDS = 2 * 24 * 3600

function topicOf(query: HubQuery): string | null {
  const topic = query instanceof URLSearchParams ? query.get('hub.topic') : query['hub.topic']
  return typeof topic === 'string' ? topic : null
}

/**
 * Answers the hub's verification of intent (GET on the callback) from what we stored: a subscribe
 * is confirmed for a tracked channel we asked to follow (a new subscription or a renewal), an
 * unsubscribe only when we asked to leave. A confirmation starts the lease; a denial is noted so
 * push:subscribe tries again later.
 */
export async function answerWebSubVerification(db: Db, query: HubQuery, now: Date): Promise<SubscriptionIntent> {
  const topic = topicOf(query)
  const channelId = topic === null ? null : channelIdOfTopic(topic)
  const id = channelId === null ? null : youtubeSubscriptionId(channelId)
  const [stored, tracked] = channelId === null || id === null
    ? [null, false]
    : await Promise.all([storedSubscription(db, id), loadTrackedChannels(db, now, { channelIds: [channelId] }).then(channels => channels.length > 0)])
  const ours = (candidate: string) => candidate === channelId && stored !== null
  const intent = verifySubscriptionIntent(query, {
    subscribe: candidate => ours(candidate) && tracked && stored?.status !== 'unsubscribing',
    unsubscribe: candidate => ours(candidate) && stored?.status === 'unsubscribing',
  })

  if (id !== null && intent.ok && intent.mode === 'subscribe') await noteVerified(db, id, now, leaseExpiresAt(now, intent.leaseSeconds ?? ASSUMED_LEASE_SECONDS))
  if (id !== null && intent.ok && intent.mode === 'unsubscribe') await forgetSubscriptions(db, [id])
  if (id !== null && stored && !intent.ok && 'denied' in intent) await noteRequestFailed(db, id, now, `the hub denied the subscription${intent.denied.hubReason ? `: ${intent.denied.hubReason}` : ''}`, 'denied')
  return intent
}
