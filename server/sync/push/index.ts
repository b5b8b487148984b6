// Push beyond polling: WebSub (YouTube) and EventSub (Twitch) subscriptions, and what their callbacks do.
export { runPushSubscriptions, MAX_PUSH_REQUESTS_PER_RUN, type PushSubscribeOptions } from './run-push-subscriptions.ts'
export type { PushSubscribeCounts } from './push-subscribe-run.ts'
export { pushSettingsOf, REQUESTED_LEASE_SECONDS, TWITCH_EVENTSUB_CALLBACK_PATH, YOUTUBE_WEBSUB_CALLBACK_PATH, type PushConfig, type PushSettings } from './push-settings.ts'
export { DEFAULT_PLAN_TIMING, planSubscriptions, type PlanTiming, type SubscriptionPlan, type WantedSubscription } from './plan-subscriptions.ts'
export { twitchSubscriptionId, wantedTwitchSubscriptions, wantedYoutubeSubscriptions, youtubeSubscriptionId } from './wanted-subscriptions.ts'
export { answerWebSubVerification, ASSUMED_LEASE_SECONDS } from './websub-verification.ts'
export { applyWebSubNotifications, type WebSubNotificationCounts, type WebSubNotificationOptions } from './websub-notifications.ts'
export { forgetRevokedEventSubSubscription } from './eventsub-revocation.ts'
