import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { $fetch, fetch } from '@nuxt/test-utils/e2e'
import { MongoClient } from 'mongodb'
import { describe, expect, it } from 'vitest'
import type { CreatorProfileDto } from '../../shared/schemas/index.ts'
import { upsertCreator } from '../../server/domain/index.ts'
import { readRunningServerUri } from '../../server/embedded-mongo/index.ts'
import { eventSubSignature } from '../../server/platforms/twitch/eventsub.ts'

const PATH = '/webhooks/twitch/eventsub'
const USER_ID = '141981764'

/** A message as Twitch sends it: headers signed with `secret` over id, timestamp and the exact body. */
function signedMessage(secret: string, type: string, body: unknown, { sentAt = new Date(), id = randomUUID() } = {}) {
  const rawBody = JSON.stringify(body)
  const timestamp = sentAt.toISOString()
  return {
    method: 'POST',
    body: rawBody,
    headers: {
      'content-type': 'application/json',
      'twitch-eventsub-message-id': id,
      'twitch-eventsub-message-timestamp': timestamp,
      'twitch-eventsub-message-type': type,
      'twitch-eventsub-message-signature': eventSubSignature(secret, id, timestamp, rawBody),
    },
  }
}

const subscription = (type: string) => ({ id: randomUUID(), status: 'enabled', type, version: '1', condition: { broadcaster_user_id: USER_ID }, transport: { method: 'webhook', callback: 'https://creatorino.example/webhooks/twitch/eventsub' }, created_at: new Date().toISOString(), cost: 0 })

/** The EventSub callback of a server started with NUXT_TWITCH_EVENTSUB_SECRET (tests/e2e/admin-api.test.ts). */
export function describeTwitchEventSubWebhook(dataDir: string, secret: string) {
  describe('the Twitch EventSub webhook', () => {
    it('answers the callback verification with the challenge as plain text', async () => {
      const response = await fetch(PATH, signedMessage(secret, 'webhook_callback_verification', { challenge: 'pogchamp-kappa-360noscope', subscription: subscription('stream.online') }))
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
      expect(await response.text()).toBe('pogchamp-kappa-360noscope')
    })

    it('refuses a wrong signature, an altered body and a stale message with 403, before reading them', async () => {
      const good = signedMessage(secret, 'webhook_callback_verification', { challenge: 'x', subscription: subscription('stream.online') })
      const wrongSecret = signedMessage('another-secret-of-20-chars', 'webhook_callback_verification', { challenge: 'x', subscription: subscription('stream.online') })
      const stale = signedMessage(secret, 'webhook_callback_verification', { challenge: 'x', subscription: subscription('stream.online') }, { sentAt: new Date(Date.now() - 11 * 60_000) })
      for (const request of [wrongSecret, { ...good, body: good.body.replace('"x"', '"y"') }, stale]) {
        const response = await fetch(PATH, request)
        expect(response.status).toBe(403)
        expect(await response.json()).toMatchObject({ statusCode: 403 })
      }
    })

    it('shows a tracked creator live on stream.online and ends the broadcast on stream.offline; a replay changes nothing', async () => {
      const client = await MongoClient.connect((await readRunningServerUri(join(dataDir, 'mongo')))!)
      const { creatorId } = await upsertCreator(client.db('creatorino'), {
        name: 'Webhook Streamer', description: '', category: 'gaming', avatarUrl: '', bannerUrl: '', dataSource: 'platform-api',
        platforms: { twitch: { userId: USER_ID, login: 'webhookstreamer', displayName: 'Webhook Streamer', followers: 1234, videos: null, isLive: false, lastStreamAt: null, verified: false, joinedAt: new Date('2020-01-01') } },
      })
      await client.close()
      const started = new Date(Date.now() - 3_600_000)
      const online = signedMessage(secret, 'notification', { subscription: subscription('stream.online'), event: { id: '9001', broadcaster_user_id: USER_ID, broadcaster_user_login: 'webhookstreamer', broadcaster_user_name: 'Webhook Streamer', type: 'live', started_at: started.toISOString() } })
      expect((await fetch(PATH, online)).status).toBe(204)
      const isLive = async () => (await $fetch<CreatorProfileDto>(`/api/creators/${creatorId}`)).platforms.twitch?.isLive
      await expect.poll(isLive, { timeout: 5000 }).toBe(true)
      expect((await fetch(PATH, online)).status).toBe(204)

      const offline = signedMessage(secret, 'notification', { subscription: subscription('stream.offline'), event: { broadcaster_user_id: USER_ID, broadcaster_user_login: 'webhookstreamer', broadcaster_user_name: 'Webhook Streamer' } })
      expect((await fetch(PATH, offline)).status).toBe(204)
      await expect.poll(isLive, { timeout: 5000 }).toBe(false)
      const profile = await $fetch<CreatorProfileDto>(`/api/creators/${creatorId}`)
      expect(profile.timeline.filter(item => item.type === 'stream' && item.platform === 'twitch')).toHaveLength(1)
    })
  })
}
