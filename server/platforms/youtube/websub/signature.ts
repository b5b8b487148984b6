import { createHmac, timingSafeEqual } from 'node:crypto'

/** The digests WebSub allows in `X-Hub-Signature` (YouTube's hub signs with sha1), by their size in bytes. */
const DIGEST_BYTES = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 } as const
export type WebSubSignatureAlgorithm = keyof typeof DIGEST_BYTES

export type WebSubSignatureCheck
  = { ok: true, algorithm: WebSubSignatureAlgorithm }
    | { ok: false, reason: 'missing' | 'malformed' | 'unsupported-algorithm' | 'mismatch' }

function isAlgorithm(name: string): name is WebSubSignatureAlgorithm {
  return Object.hasOwn(DIGEST_BYTES, name)
}

/**
 * Whether a pushed body was signed by the hub with our subscription secret: `X-Hub-Signature` is
 * `<algorithm>=<hex HMAC of the raw body>`. Pass the body exactly as received (bytes, before any
 * parsing): a re-serialised body no longer matches. On failure WebSub wants a 2xx all the same (so a
 * forger learns nothing) and the content ignored.
 */
export function verifyNotificationSignature(rawBody: Uint8Array | string, header: string | null | undefined, secret: string): WebSubSignatureCheck {
  // An empty key would make every forger's HMAC "valid": a configuration error, not a bad message.
  if (secret === '') throw new RangeError('The WebSub secret is empty')
  if (header === undefined || header === null || header.trim() === '') return { ok: false, reason: 'missing' }
  const separator = header.indexOf('=')
  if (separator <= 0) return { ok: false, reason: 'malformed' }
  const algorithm = header.slice(0, separator).trim().toLowerCase()
  const hex = header.slice(separator + 1).trim()
  if (!isAlgorithm(algorithm)) return { ok: false, reason: 'unsupported-algorithm' }
  if (!/^[\da-f]+$/i.test(hex) || hex.length % 2 !== 0) return { ok: false, reason: 'malformed' }
  // The expected length is public (it follows from the algorithm), so checking it first leaks nothing;
  // timingSafeEqual needs equal lengths anyway.
  if (hex.length !== DIGEST_BYTES[algorithm] * 2) return { ok: false, reason: 'mismatch' }
  const expected = createHmac(algorithm, secret).update(rawBody).digest()
  return timingSafeEqual(expected, Buffer.from(hex, 'hex')) ? { ok: true, algorithm } : { ok: false, reason: 'mismatch' }
}
