import { createHmac, timingSafeEqual } from 'node:crypto'

const PREFIX = 'sha256='
const HEX_DIGEST = /^[\da-f]{64}$/i

function hmacOf(secret: string, messageId: string, timestamp: string, rawBody: Uint8Array | string): Buffer {
  // Fed piece by piece rather than concatenated: the body stays the exact bytes Twitch signed.
  return createHmac('sha256', secret).update(messageId).update(timestamp).update(rawBody).digest()
}

/** The Twitch-Eventsub-Message-Signature for a message: `sha256=` + hex HMAC(secret, id + timestamp + body). */
export function eventSubSignature(secret: string, messageId: string, timestamp: string, rawBody: Uint8Array | string): string {
  return PREFIX + hmacOf(secret, messageId, timestamp, rawBody).toString('hex')
}

/** Whether `header` is Twitch's signature of this message, compared in constant time. */
export function isEventSubSignatureValid(header: string, secret: string, messageId: string, timestamp: string, rawBody: Uint8Array | string): boolean {
  if (!header.startsWith(PREFIX)) return false
  const hex = header.slice(PREFIX.length)
  if (!HEX_DIGEST.test(hex)) return false
  return timingSafeEqual(hmacOf(secret, messageId, timestamp, rawBody), Buffer.from(hex, 'hex'))
}
