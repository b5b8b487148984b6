import { EVENTSUB_MAX_MESSAGE_AGE_MS } from './verify-message.ts'

export interface MessageIdMemory {
  has: (messageId: string) => boolean
  /** Call once the message is handled, so a redelivery (same id) is not handled twice. */
  remember: (messageId: string, now: Date) => void
  readonly size: number
}

export interface MessageIdMemoryOptions {
  /** How long an id is kept. Messages older than the age limit are refused by their timestamp, so ids need not outlive it. */
  windowMs?: number
  /** A bound on memory under a flood of messages; the oldest ids go first. */
  maxEntries?: number
}

/**
 * Ids of recently handled messages, in this process only. Enough for one Node server; Workers
 * isolates each keep their own, so there a shared store (KV or MongoDB) does the same job.
 */
export function createMessageIdMemory(options: MessageIdMemoryOptions = {}): MessageIdMemory {
  // A minute beyond the age limit covers clocks that differ a little between Twitch and us.
  const windowMs = options.windowMs ?? EVENTSUB_MAX_MESSAGE_AGE_MS + 60_000
  const maxEntries = options.maxEntries ?? 10_000
  // A Map iterates in insertion order, which is time order: the oldest ids come first.
  const rememberedAt = new Map<string, number>()

  function forgetBefore(time: number) {
    for (const [messageId, at] of rememberedAt) {
      if (at >= time && rememberedAt.size <= maxEntries) break
      rememberedAt.delete(messageId)
    }
  }

  return {
    has: messageId => rememberedAt.has(messageId),
    remember(messageId, now) {
      rememberedAt.delete(messageId)
      rememberedAt.set(messageId, now.getTime())
      forgetBefore(now.getTime() - windowMs)
    },
    get size() {
      return rememberedAt.size
    },
  }
}
