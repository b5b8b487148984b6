import type { StreamOfflineEvent, StreamOnlineEvent } from './payloads.ts'

/** What the live task needs to open a broadcast when Twitch says it started. */
export interface LiveStreamStarted {
  userId: string
  login: string
  /** The archive video of this broadcast carries it as `stream_id`. */
  streamId: string
  startedAt: Date
}

/** What the live task needs to close a broadcast; its totals come from the task's own samples. */
export interface LiveStreamEnded {
  userId: string
  login: string
}

export function liveStreamStartedOf(event: StreamOnlineEvent): LiveStreamStarted {
  return { userId: event.broadcaster_user_id, login: event.broadcaster_user_login, streamId: event.id, startedAt: event.started_at }
}

export function liveStreamEndedOf(event: StreamOfflineEvent): LiveStreamEnded {
  return { userId: event.broadcaster_user_id, login: event.broadcaster_user_login }
}
