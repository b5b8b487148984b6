import type { Db } from 'mongodb'
import type { EventSubSubscription } from '../../platforms/twitch/eventsub.ts'
import { forgetSubscriptions } from './push-subscription-store.ts'
import { twitchSubscriptionId } from './wanted-subscriptions.ts'

/**
 * Twitch revoked a subscription (too many failed deliveries, the user gone…) and deleted it: the
 * record goes too, so the next push:subscribe run creates it again if the creator is still tracked.
 */
export async function forgetRevokedEventSubSubscription(db: Db, subscription: EventSubSubscription): Promise<void> {
  const userId = subscription.condition.broadcaster_user_id
  if (typeof userId !== 'string') return
  await forgetSubscriptions(db, [twitchSubscriptionId(subscription.type, userId)])
}
