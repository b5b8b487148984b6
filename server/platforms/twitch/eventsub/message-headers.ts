/** Request headers as a framework hands them over: a fetch `Headers`, or an object like Node's or h3's. */
export type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | undefined>>

/** The EventSub headers a webhook message carries (Twitch-Eventsub-Message-*). */
export interface EventSubHeaders {
  messageId: string | null
  timestamp: string | null
  signature: string | null
  messageType: string | null
}

/** One header, by its name in any case; a repeated header counts as absent (it cannot be trusted). */
export function headerValue(headers: HeaderSource, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name)
  const wanted = name.toLowerCase()
  const key = Object.keys(headers).find(candidate => candidate.toLowerCase() === wanted)
  const value = key === undefined ? undefined : headers[key]
  if (typeof value === 'string') return value
  return value?.length === 1 ? value[0] ?? null : null
}

export function eventSubHeadersOf(headers: HeaderSource): EventSubHeaders {
  return {
    messageId: headerValue(headers, 'Twitch-Eventsub-Message-Id'),
    timestamp: headerValue(headers, 'Twitch-Eventsub-Message-Timestamp'),
    signature: headerValue(headers, 'Twitch-Eventsub-Message-Signature'),
    messageType: headerValue(headers, 'Twitch-Eventsub-Message-Type'),
  }
}
