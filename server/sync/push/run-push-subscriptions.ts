import type { Db } from 'mongodb'
import type { TwitchConnector } from '../../platforms/twitch/index.ts'
import type { HubRequestOptions } from '../../platforms/youtube/websub.ts'
import { trackedTwitchCreators } from '../twitch/tracked-twitch-creators.ts'
import { loadTrackedChannels } from '../youtube/tracked-channels.ts'
import { DEFAULT_PLAN_TIMING, planSubscriptions, type PlanTiming } from './plan-subscriptions.ts'
import type { PushSettings } from './push-settings.ts'
import { createPushSubscribeRun, type PushSubscribeCounts } from './push-subscribe-run.ts'
import { storedSubscriptions } from './push-subscription-store.ts'
import { applyTwitchSubscriptionPlan } from './twitch-eventsub-subscriptions.ts'
import { wantedTwitchSubscriptions, wantedYoutubeSubscriptions } from './wanted-subscriptions.ts'
import { applyYoutubeSubscriptionPlan } from './youtube-websub-subscriptions.ts'

/**
 * A bound on each platform's requests per run: a first run for a thousand creators spreads over a
 * few hours instead of holding Twitch's rate limit (shared with twitch:live) for minutes.
 */
export const MAX_PUSH_REQUESTS_PER_RUN = 300
const REQUEST_CONCURRENCY = 8

export interface PushSubscribeOptions {
  settings: PushSettings
  /** Required when `settings.twitch` is set: the process's connector, with its app token. */
  twitch?: TwitchConnector
  /** How the WebSub hub is called (tests inject fetch). */
  hub?: HubRequestOptions
  now?: () => Date
  timing?: PlanTiming
  maxRequestsPerRun?: number
  signal?: AbortSignal
  reportError?: (error: unknown) => void
}

/**
 * The push:subscribe run: keeps a WebSub subscription with a live lease for every tracked YouTube
 * channel and the stream.online / stream.offline webhooks for every tracked Twitch broadcaster,
 * and ends those of creators no longer tracked. Polling goes on regardless: push only makes new
 * uploads and live streams show sooner.
 */
export async function runPushSubscriptions(db: Db, options: PushSubscribeOptions): Promise<PushSubscribeCounts> {
  const at = (options.now ?? (() => new Date()))()
  const timing = options.timing ?? DEFAULT_PLAN_TIMING
  const run = createPushSubscribeRun({
    db, at, maxRequests: options.maxRequestsPerRun ?? MAX_PUSH_REQUESTS_PER_RUN, concurrency: REQUEST_CONCURRENCY,
    signal: options.signal, reportError: options.reportError,
  })
  const { youtube, twitch } = options.settings

  if (youtube) {
    run.counts.youtubeConfigured = 1
    const wanted = wantedYoutubeSubscriptions(await loadTrackedChannels(db, at), youtube.callbackUrl)
    const plan = planSubscriptions(wanted, await storedSubscriptions(db, 'youtube'), at, timing)
    await applyYoutubeSubscriptionPlan(run, plan, youtube, options.hub)
  }
  if (twitch && options.twitch) {
    run.counts.twitchConfigured = 1
    const creators = (await trackedTwitchCreators(db)).map(creator => ({ userId: creator.platforms.twitch.userId, creatorId: creator.creatorId }))
    const plan = planSubscriptions(wantedTwitchSubscriptions(creators, twitch.callbackUrl), await storedSubscriptions(db, 'twitch'), at, timing)
    await applyTwitchSubscriptionPlan(run, plan, twitch, options.twitch)
  }
  return run.counts
}
