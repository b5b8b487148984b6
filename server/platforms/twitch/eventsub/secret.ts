/** Twitch's rule for a webhook secret: 10 to 100 ASCII characters. */
const EVENTSUB_SECRET = /^[\x20-\x7E]{10,100}$/

/** Throws on a secret Twitch would refuse (or one too short to protect the callback). */
export function assertEventSubSecret(secret: string): void {
  if (!EVENTSUB_SECRET.test(secret)) throw new RangeError(`The EventSub secret must be 10 to 100 printable ASCII characters; it has ${secret.length} characters`)
}
