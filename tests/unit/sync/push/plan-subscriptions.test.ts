import { describe, expect, it } from 'vitest'
import type { PushSubscription } from '../../../../server/db/index.ts'
import {
  DEFAULT_PLAN_TIMING, planSubscriptions, wantedTwitchSubscriptions, wantedYoutubeSubscriptions, type WantedSubscription,
} from '../../../../server/sync/push/index.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const NOW = new Date('2026-11-20T12:00:00Z')
const ago = (ms: number) => new Date(NOW.getTime() - ms)
const ahead = (ms: number) => new Date(NOW.getTime() + ms)
const CALLBACK = 'https://creatorino.example/webhooks/youtube/websub'
const CHANNEL = 'UC_x5XG1OV2P6uZZ5FSM9Ttw'
const [wanted] = wantedYoutubeSubscriptions([{ channelId: CHANNEL, creatorId: 'cr_google' }], CALLBACK) as [WantedSubscription]

function stored(overrides: Partial<PushSubscription> = {}): PushSubscription {
  return {
    _id: wanted.id, platform: 'youtube', topic: wanted.topic, accountId: CHANNEL, creatorId: 'cr_google', callback: CALLBACK,
    status: 'active', requestedAt: ago(5 * DAY), verifiedAt: ago(5 * DAY), leaseExpiresAt: ahead(5 * DAY),
    subscriptionId: null, failures: 0, lastError: null, updatedAt: ago(5 * DAY), ...overrides,
  }
}

/** What the plan does with the one channel: subscribe (with its reason), unsubscribe, forget, or nothing. */
function decisionFor(wants: boolean, record: PushSubscription | null): string {
  const plan = planSubscriptions(wants ? [wanted] : [], record ? [record] : [], NOW)
  if (plan.subscribe.length > 0) return `subscribe:${plan.subscribe[0]!.reason}`
  if (plan.unsubscribe.length > 0) return 'unsubscribe'
  if (plan.forget.length > 0) return 'forget'
  return 'nothing'
}

describe('planning WebSub subscriptions for tracked YouTube channels', () => {
  it.each([
    ['a tracked channel never subscribed', null, 'subscribe:new'],
    ['a lease with five days left', stored(), 'nothing'],
    ['a lease that runs out within the renewal margin', stored({ leaseExpiresAt: ahead(20 * HOUR) }), 'subscribe:renew'],
    ['a lease that already ran out', stored({ leaseExpiresAt: ago(HOUR) }), 'subscribe:renew'],
    ['a request the hub has not verified for an hour', stored({ status: 'requested', requestedAt: ago(HOUR), leaseExpiresAt: null }), 'nothing'],
    ['a request the hub has not verified for seven hours', stored({ status: 'requested', requestedAt: ago(7 * HOUR), leaseExpiresAt: null }), 'subscribe:retry'],
    ['a renewal requested an hour ago, lease still running', stored({ status: 'requested', requestedAt: ago(HOUR), leaseExpiresAt: ahead(20 * HOUR) }), 'nothing'],
    ['a failure half an hour ago', stored({ status: 'failed', failures: 1, updatedAt: ago(HOUR / 2), leaseExpiresAt: null }), 'nothing'],
    ['a failure an hour ago', stored({ status: 'failed', failures: 1, updatedAt: ago(HOUR), leaseExpiresAt: null }), 'subscribe:retry'],
    ['a third failure in a row three hours ago (waits four)', stored({ status: 'failed', failures: 3, updatedAt: ago(3 * HOUR), leaseExpiresAt: null }), 'nothing'],
    ['a tenth denial in a row a day ago (waits at most a day)', stored({ status: 'denied', failures: 10, updatedAt: ago(DAY), leaseExpiresAt: null }), 'subscribe:retry'],
    ['a subscription for another callback (the site URL changed)', stored({ callback: 'https://old.example/webhooks/youtube/websub' }), 'subscribe:new'],
    ['a channel we were leaving, tracked again', stored({ status: 'unsubscribing', requestedAt: ago(HOUR) }), 'subscribe:new'],
  ])('tracked: %s → %s', (_case, record, expected) => {
    expect(decisionFor(true, record)).toBe(expected)
  })

  it.each([
    ['with a live lease', stored(), 'unsubscribe'],
    ['whose lease ran out', stored({ leaseExpiresAt: ago(HOUR) }), 'forget'],
    ['never verified', stored({ status: 'requested', leaseExpiresAt: null }), 'forget'],
    ['already left an hour ago, awaiting the hub', stored({ status: 'unsubscribing', requestedAt: ago(HOUR) }), 'nothing'],
    ['left seven hours ago, never confirmed', stored({ status: 'unsubscribing', requestedAt: ago(7 * HOUR) }), 'unsubscribe'],
  ])('no longer tracked: a subscription %s → %s', (_case, record, expected) => {
    expect(decisionFor(false, record)).toBe(expected)
  })

  it('renews the leases closest to running out first, then subscribes new channels, then retries', () => {
    const channels = ['UC0000000000000000000001', 'UC0000000000000000000002', 'UC0000000000000000000003', 'UC0000000000000000000004']
    const all = wantedYoutubeSubscriptions(channels.map(channelId => ({ channelId, creatorId: `cr_${channelId}` })), CALLBACK)
    const record = (i: number, overrides: Partial<PushSubscription>) => stored({ _id: all[i]!.id, accountId: channels[i]!, topic: all[i]!.topic, ...overrides })
    const plan = planSubscriptions(all, [
      record(0, { status: 'failed', failures: 1, updatedAt: ago(2 * HOUR), leaseExpiresAt: null }),
      record(2, { leaseExpiresAt: ahead(10 * HOUR) }),
      record(3, { leaseExpiresAt: ahead(2 * HOUR) }),
    ], NOW)
    expect(plan.subscribe.map(({ wanted: { accountId }, reason }) => [accountId, reason])).toEqual([
      [channels[3], 'renew'], [channels[2], 'renew'], [channels[1], 'new'], [channels[0], 'retry'],
    ])
  })

  it('leaves out ids that are not YouTube channel ids', () => {
    expect(wantedYoutubeSubscriptions([{ channelId: 'not-a-channel', creatorId: 'cr_x' }], CALLBACK)).toEqual([])
  })

  it('backs off an hour after the first failure, doubling up to a day', () => {
    expect([1, 2, 3, 5, 6, 20].map(failures => DEFAULT_PLAN_TIMING.retryWaitMs(failures) / HOUR)).toEqual([1, 2, 4, 16, 24, 24])
  })
})

describe('planning EventSub stream webhooks for tracked Twitch broadcasters', () => {
  const TWITCH_CALLBACK = 'https://creatorino.example/webhooks/twitch/eventsub'
  const [online, offline] = wantedTwitchSubscriptions([{ userId: '141981764', creatorId: 'cr_twitchdev' }], TWITCH_CALLBACK) as [WantedSubscription, WantedSubscription]
  const twitchRecord = (subscription: WantedSubscription, overrides: Partial<PushSubscription> = {}): PushSubscription => ({
    _id: subscription.id, platform: 'twitch', topic: subscription.topic, accountId: '141981764', creatorId: 'cr_twitchdev', callback: TWITCH_CALLBACK,
    status: 'active', requestedAt: ago(30 * DAY), verifiedAt: null, leaseExpiresAt: null, subscriptionId: 'f1c2a387-161a-49f9-a165-0f21d7a4e1c4',
    failures: 0, lastError: null, updatedAt: ago(30 * DAY), ...overrides,
  })

  it('wants stream.online and stream.offline per broadcaster, and nothing for ids that are not Twitch ids', () => {
    expect([online.id, offline.id]).toEqual(['twitch:stream.online:141981764', 'twitch:stream.offline:141981764'])
    expect(wantedTwitchSubscriptions([{ userId: 'twitchdev', creatorId: 'cr_x' }], TWITCH_CALLBACK)).toEqual([])
  })

  it.each([
    ['none yet', [], ['new', 'new']],
    ['both created a month ago (EventSub has no leases)', [twitchRecord(online), twitchRecord(offline)], []],
    ['stream.offline failed two hours ago', [twitchRecord(online), twitchRecord(offline, { status: 'failed', failures: 1, updatedAt: ago(2 * HOUR) })], ['retry']],
  ])('tracked with %s → subscribe %j', (_case, records, reasons) => {
    expect(planSubscriptions([online, offline], records, NOW).subscribe.map(entry => entry.reason)).toEqual(reasons)
  })

  it('deletes the webhooks of a broadcaster no longer tracked, and forgets those that were never created', () => {
    const plan = planSubscriptions([], [twitchRecord(online), twitchRecord(offline, { status: 'failed', failures: 2 })], NOW)
    expect(plan.unsubscribe.map(record => record._id)).toEqual([online.id])
    expect(plan.forget.map(record => record._id)).toEqual([offline.id])
  })
})
