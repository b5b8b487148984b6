import { YOUTUBE_WEBSUB_HUB, youtubeTopicUrl } from './topic.ts'

interface SubscriptionTarget {
  /** Defaults to Google's hub, the one YouTube publishes to. */
  hubUrl?: string
  /** Our public callback (under NUXT_PUBLIC_SITE_URL); the hub verifies it with a GET before anything else. */
  callbackUrl: string
  channelId: string
}

export type SubscriptionRequestOptions = SubscriptionTarget & (
  | { mode: 'subscribe', /** Signs every push; WebSub caps it below 200 bytes. */ secret: string, /** The lease asked for; the hub decides. */ leaseSeconds?: number }
  | { mode: 'unsubscribe', secret?: string, leaseSeconds?: number }
)

/** WebSub limits hub.secret to fewer than 200 bytes. */
const MAX_SECRET_BYTES = 199

function checkedCallback(callbackUrl: string): string {
  let url: URL
  try {
    url = new URL(callbackUrl)
  }
  catch {
    throw new RangeError(`The WebSub callback "${callbackUrl}" is not an absolute URL`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RangeError(`The WebSub callback "${callbackUrl}" is not an http(s) URL`)
  return url.href
}

/**
 * The form a subscriber POSTs to the hub to subscribe (or renew: it is the same request) or
 * unsubscribe. The hub answers 202 and then verifies the intent with a GET to the callback, which
 * `verifySubscriptionIntent` checks.
 */
export function subscriptionRequest(options: SubscriptionRequestOptions): { url: string, body: URLSearchParams } {
  const body = new URLSearchParams({
    'hub.callback': checkedCallback(options.callbackUrl),
    'hub.mode': options.mode,
    'hub.topic': youtubeTopicUrl(options.channelId),
    // PubSubHubbub 0.3 required it and Google's hub still reads it; async verification keeps our
    // POST short instead of waiting on the hub's call back to us.
    'hub.verify': 'async',
  })
  if (options.mode === 'subscribe') {
    const bytes = new TextEncoder().encode(options.secret).length
    if (bytes === 0 || bytes > MAX_SECRET_BYTES) throw new RangeError(`The WebSub secret must have 1 to ${MAX_SECRET_BYTES} bytes; it has ${bytes}`)
    body.set('hub.secret', options.secret)
    if (options.leaseSeconds !== undefined) {
      if (!Number.isSafeInteger(options.leaseSeconds) || options.leaseSeconds <= 0) throw new RangeError(`A lease is a positive whole number of seconds, not ${options.leaseSeconds}`)
      body.set('hub.lease_seconds', String(options.leaseSeconds))
    }
  }
  return { url: options.hubUrl ?? YOUTUBE_WEBSUB_HUB, body }
}
