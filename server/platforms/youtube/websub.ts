// WebSub (PubSubHubbub) push for YouTube uploads: protocol logic only; the routes wire it to HTTP.
export { YOUTUBE_WEBSUB_HUB, channelIdOfTopic, youtubeTopicUrl } from './websub/topic.ts'
export { subscriptionRequest, type SubscriptionRequestOptions } from './websub/subscription-request.ts'
export { WebSubHubError, sendHubRequest, type HubRequestOptions } from './websub/hub-request.ts'
export {
  verifySubscriptionIntent,
  type ChannelMatcher, type HubQuery, type IntentExpectations, type SubscriptionIntent,
} from './websub/intent-verification.ts'
export { verifyNotificationSignature, type WebSubSignatureAlgorithm, type WebSubSignatureCheck } from './websub/signature.ts'
export { WebSubPayloadError, parseNotification, type YoutubePushNotification } from './websub/notification.ts'
export { DEFAULT_LEASE_RENEWAL_MARGIN_MS, leaseExpiresAt, leaseRenewalDue } from './websub/lease.ts'
