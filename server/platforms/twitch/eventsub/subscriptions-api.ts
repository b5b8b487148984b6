import { z } from 'zod'
import type { HelixClient } from '../helix-client.ts'
import { TwitchApiError } from '../twitch-errors.ts'
import { EVENTSUB_SUBSCRIPTIONS_PATH, type EventSubSubscriptionRequest } from './subscription-requests.ts'

/** A subscription as Helix lists or creates it: what we need to keep or delete it. */
export interface EventSubSubscriptionSummary {
  id: string
  type: string
  status: string
  condition: Record<string, unknown>
}

const summarySchema = z.object({ id: z.string().min(1), type: z.string(), status: z.string(), condition: z.record(z.string(), z.unknown()) })
const subscriptionsAnswerSchema = z.object({ data: z.array(summarySchema) })

/** `exists`: Twitch already has this type and condition for our client (409), so there is no new id. */
export type EventSubCreation = { outcome: 'created', subscription: EventSubSubscriptionSummary } | { outcome: 'exists' }

/**
 * Create EventSub Subscription (app token; 202 with the subscription pending verification). A 409
 * is success: the subscription is there, made by an earlier run (or this one's retry after a 5xx).
 */
export async function createEventSubSubscription(client: HelixClient, request: EventSubSubscriptionRequest): Promise<EventSubCreation> {
  try {
    const answer = await client.post(EVENTSUB_SUBSCRIPTIONS_PATH, { ...request }, subscriptionsAnswerSchema)
    const [subscription] = answer.data
    if (!subscription) throw new TwitchApiError(202, `Twitch created no ${request.type} subscription and said nothing`, EVENTSUB_SUBSCRIPTIONS_PATH)
    return { outcome: 'created', subscription }
  }
  catch (error) {
    if (error instanceof TwitchApiError && error.status === 409) return { outcome: 'exists' }
    throw error
  }
}

/** The client's subscriptions whose condition names this user (one page: a broadcaster has a handful). */
export async function eventSubSubscriptionsOf(client: HelixClient, userId: string): Promise<EventSubSubscriptionSummary[]> {
  const answer = await client.get(EVENTSUB_SUBSCRIPTIONS_PATH, { user_id: userId }, subscriptionsAnswerSchema)
  return answer.data
}

/** Deletes a subscription; `missing` when Twitch no longer has it (404), which is what we wanted anyway. */
export async function deleteEventSubSubscription(client: HelixClient, subscriptionId: string): Promise<'deleted' | 'missing'> {
  try {
    await client.delete(EVENTSUB_SUBSCRIPTIONS_PATH, { id: subscriptionId })
    return 'deleted'
  }
  catch (error) {
    if (error instanceof TwitchApiError && error.status === 404) return 'missing'
    throw error
  }
}
