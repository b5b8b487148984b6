import { assertEventSubSecret } from './secret.ts'

/** Helix path for creating (POST, app access token) and listing EventSub subscriptions. */
export const EVENTSUB_SUBSCRIPTIONS_PATH = '/eventsub/subscriptions'

export type StreamSubscriptionType = 'stream.online' | 'stream.offline'

/** The JSON body of a Create EventSub Subscription request for a webhook. */
export interface EventSubSubscriptionRequest {
  type: StreamSubscriptionType
  version: '1'
  condition: { broadcaster_user_id: string }
  transport: { method: 'webhook', callback: string, secret: string }
}

export interface StreamSubscriptionOptions {
  broadcasterUserId: string
  /** Our public callback (under NUXT_PUBLIC_SITE_URL): Twitch only calls HTTPS on port 443 and follows no redirect. */
  callbackUrl: string
  secret: string
}

function checkedCallback(callbackUrl: string): string {
  let url: URL
  try {
    url = new URL(callbackUrl)
  }
  catch {
    throw new RangeError(`The EventSub callback "${callbackUrl}" is not an absolute URL`)
  }
  // Twitch would answer 400 later; saying why here is kinder than decoding its error.
  if (url.protocol !== 'https:' || (url.port !== '' && url.port !== '443')) throw new RangeError(`The EventSub callback "${callbackUrl}" must be https on port 443`)
  return url.href
}

/**
 * The two subscriptions that tell us when a broadcaster goes live and offline. Neither needs the
 * broadcaster's authorization; each makes Twitch first send a webhook_callback_verification.
 */
export function streamSubscriptionRequests(options: StreamSubscriptionOptions): [EventSubSubscriptionRequest, EventSubSubscriptionRequest] {
  if (!/^\d+$/.test(options.broadcasterUserId)) throw new RangeError(`"${options.broadcasterUserId}" is not a Twitch user id`)
  assertEventSubSecret(options.secret)
  const transport = { method: 'webhook', callback: checkedCallback(options.callbackUrl), secret: options.secret } as const
  const request = (type: StreamSubscriptionType): EventSubSubscriptionRequest => ({
    type,
    version: '1',
    condition: { broadcaster_user_id: options.broadcasterUserId },
    transport: { ...transport },
  })
  return [request('stream.online'), request('stream.offline')]
}
