/** Renew a day ahead: longer than any sync interval, far shorter than YouTube's leases of several days. */
export const DEFAULT_LEASE_RENEWAL_MARGIN_MS = 24 * 60 * 60 * 1000

/** When a lease the hub granted at `verifiedAt` (its verification request) runs out. */
export function leaseExpiresAt(verifiedAt: Date, leaseSeconds: number): Date {
  return new Date(verifiedAt.getTime() + leaseSeconds * 1000)
}

/**
 * Whether a subscription should be renewed now: it never was confirmed (`expiresAt` null), it has
 * expired, or it expires within the margin. Renewing is just subscribing again.
 */
export function leaseRenewalDue(expiresAt: Date | null, now: Date, marginMs: number = DEFAULT_LEASE_RENEWAL_MARGIN_MS): boolean {
  if (expiresAt === null) return true
  return expiresAt.getTime() - marginMs <= now.getTime()
}
