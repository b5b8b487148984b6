import type { Db } from 'mongodb'
import { collectionsOf, type PushPlatform, type PushSubscription, type PushSubscriptionStatus } from '../../db/index.ts'
import type { WantedSubscription } from './plan-subscriptions.ts'

export async function storedSubscriptions(db: Db, platform: PushPlatform): Promise<PushSubscription[]> {
  return collectionsOf(db).pushSubscriptions.find({ platform }).toArray()
}

export async function storedSubscription(db: Db, id: string): Promise<PushSubscription | null> {
  return collectionsOf(db).pushSubscriptions.findOne({ _id: id })
}

export interface RequestNote {
  status: Extract<PushSubscriptionStatus, 'requested' | 'active'>
  /** Twitch's id, when it made a new subscription. */
  subscriptionId?: string | null
  /** False when the callback changed: the old lease belongs to the old callback. */
  keepLease: boolean
}

/**
 * Notes a (re)subscription request. Written before the request for WebSub: the hub may verify
 * before its answer reaches us, and only a stored request is confirmed.
 */
export async function noteSubscribeRequest(db: Db, wanted: WantedSubscription, at: Date, note: RequestNote): Promise<void> {
  const { id, platform, topic, accountId, creatorId, callback } = wanted
  const lease = note.keepLease ? {} : { verifiedAt: null, leaseExpiresAt: null }
  const subscriptionId = note.subscriptionId === undefined ? {} : { subscriptionId: note.subscriptionId }
  // A request only pending verification has not succeeded yet: its failures count on until the hub confirms.
  const succeeded = note.status === 'active' ? { failures: 0 } : {}
  const set = { platform, topic, accountId, creatorId, callback, status: note.status, requestedAt: at, lastError: null, updatedAt: at, ...lease, ...subscriptionId, ...succeeded }
  const onInsert = Object.fromEntries(Object.entries({ verifiedAt: null, leaseExpiresAt: null, subscriptionId: null, failures: 0 }).filter(([field]) => !(field in set)))
  await collectionsOf(db).pushSubscriptions.updateOne({ _id: id }, { $set: set, $setOnInsert: onInsert }, { upsert: true })
}

/** The request failed or was refused: the next try waits longer (see `failures`). */
export async function noteRequestFailed(db: Db, id: string, at: Date, message: string, status: Extract<PushSubscriptionStatus, 'failed' | 'denied' | 'unsubscribing' | 'active'> = 'failed'): Promise<void> {
  await collectionsOf(db).pushSubscriptions.updateOne({ _id: id }, { $set: { status, lastError: { at, message }, updatedAt: at }, $inc: { failures: 1 } })
}

/** The hub confirmed our subscription: its lease runs from now. */
export async function noteVerified(db: Db, id: string, at: Date, leaseExpiresAt: Date): Promise<void> {
  await collectionsOf(db).pushSubscriptions.updateOne({ _id: id }, { $set: { status: 'active', verifiedAt: at, leaseExpiresAt, failures: 0, lastError: null, updatedAt: at } })
}

export async function noteUnsubscribeRequest(db: Db, id: string, at: Date): Promise<void> {
  await collectionsOf(db).pushSubscriptions.updateOne({ _id: id }, { $set: { status: 'unsubscribing', requestedAt: at, updatedAt: at } })
}

export async function forgetSubscriptions(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return
  await collectionsOf(db).pushSubscriptions.deleteMany({ _id: { $in: [...ids] } })
}
