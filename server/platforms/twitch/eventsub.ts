// EventSub webhooks for stream.online / stream.offline: protocol logic only; the routes wire it to HTTP.
export {
  EVENTSUB_MAX_MESSAGE_AGE_MS, verifyEventSubMessage,
  type EventSubEvent, type EventSubMessage, type EventSubMessageInput, type EventSubRejectionReason,
} from './eventsub/verify-message.ts'
export { eventSubSignature, isEventSubSignatureValid } from './eventsub/message-signature.ts'
export { eventSubHeadersOf, headerValue, type EventSubHeaders, type HeaderSource } from './eventsub/message-headers.ts'
export type { EventSubSubscription, StreamOfflineEvent, StreamOnlineEvent } from './eventsub/payloads.ts'
export {
  EVENTSUB_SUBSCRIPTIONS_PATH, streamSubscriptionRequests,
  type EventSubSubscriptionRequest, type StreamSubscriptionOptions, type StreamSubscriptionType,
} from './eventsub/subscription-requests.ts'
export {
  createEventSubSubscription, deleteEventSubSubscription, eventSubSubscriptionsOf,
  type EventSubCreation, type EventSubSubscriptionSummary,
} from './eventsub/subscriptions-api.ts'
export { assertEventSubSecret } from './eventsub/secret.ts'
export { liveStreamEndedOf, liveStreamStartedOf, type LiveStreamEnded, type LiveStreamStarted } from './eventsub/stream-events.ts'
export { createMessageIdMemory, type MessageIdMemory, type MessageIdMemoryOptions } from './eventsub/message-id-memory.ts'
