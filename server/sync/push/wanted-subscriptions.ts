import type { StreamSubscriptionType } from '../../platforms/twitch/eventsub.ts'
import { youtubeTopicUrl } from '../../platforms/youtube/websub.ts'
import type { WantedSubscription } from './plan-subscriptions.ts'

export const STREAM_SUBSCRIPTION_TYPES: readonly StreamSubscriptionType[] = ['stream.online', 'stream.offline']

export const youtubeSubscriptionId = (channelId: string) => `youtube:${channelId}`
export const twitchSubscriptionId = (type: string, userId: string) => `twitch:${type}:${userId}`

function topicOf(channelId: string): string | null {
  try {
    return youtubeTopicUrl(channelId)
  }
  catch {
    return null
  }
}

/** One WebSub topic per tracked channel (ids that are not a channel's, which the API never gives, are left out). */
export function wantedYoutubeSubscriptions(channels: ReadonlyArray<{ channelId: string, creatorId: string }>, callback: string): WantedSubscription[] {
  return channels.flatMap(({ channelId, creatorId }) => {
    const topic = topicOf(channelId)
    return topic ? [{ id: youtubeSubscriptionId(channelId), platform: 'youtube' as const, topic, accountId: channelId, creatorId, callback }] : []
  })
}

/** stream.online and stream.offline for every tracked broadcaster. */
export function wantedTwitchSubscriptions(creators: ReadonlyArray<{ userId: string, creatorId: string }>, callback: string): WantedSubscription[] {
  return creators.filter(({ userId }) => /^\d+$/.test(userId)).flatMap(({ userId, creatorId }) => STREAM_SUBSCRIPTION_TYPES.map(type => ({
    id: twitchSubscriptionId(type, userId), platform: 'twitch' as const, topic: type, accountId: userId, creatorId, callback,
  })))
}
