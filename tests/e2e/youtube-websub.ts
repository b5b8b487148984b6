import { join } from 'node:path'
import { $fetch, fetch } from '@nuxt/test-utils/e2e'
import { MongoClient } from 'mongodb'
import { afterAll, describe, expect, it } from 'vitest'
import type { TimelinePageDto } from '../../shared/schemas/index.ts'
import { upsertCreator } from '../../server/domain/index.ts'
import { readRunningServerUri } from '../../server/embedded-mongo/index.ts'
import { youtubeTopicUrl } from '../../server/platforms/youtube/websub.ts'
import { fixtureItems } from '../unit/platforms/youtube/fake-youtube-data.ts'
import type { FakeYoutubeServer } from '../unit/platforms/youtube/fake-youtube-server.ts'
import { startFakeWebSubHub, type FakeWebSubHub } from '../unit/sync/push/fake-websub-hub.ts'
import { hubSignature, uploadNotification } from '../unit/sync/push/websub-notification-bodies.ts'

const PATH = '/webhooks/youtube/websub'
const SECRET = 'websub-secret-for-e2e-tests'
const SITE = 'https://creatorino.example'
const CHANNEL = 'UCwebsub-e2e000000000000'
const PUSHED_VIDEO = 'WebSubE2E01'
const FORGED_VIDEO = 'WebSubE2E02'

export interface WebSubTestHub {
  hub: FakeWebSubHub
  /** What the server needs to subscribe through the fake hub with callbacks under an https site. */
  env: Record<string, string>
}

/** A fake WebSub hub for the enclosing describe (closed after it), and the server settings that point at it. */
export async function useFakeWebSubHub(): Promise<WebSubTestHub> {
  const hub = await startFakeWebSubHub()
  afterAll(() => hub.close())
  return { hub, env: { NUXT_WEBSUB_SECRET: SECRET, NUXT_WEBSUB_HUB_URL: hub.url, NUXT_PUBLIC_SITE_URL: SITE } }
}

/** A video of the real videos.list fixture, moved to our test channel under another id and title. */
function videoOfChannel(id: string, title: string) {
  const template = fixtureItems('youtube-videos.list.json')[0]!
  return { ...template, id, snippet: { ...template.snippet as Record<string, unknown>, channelId: CHANNEL, title, publishedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z') } }
}

function notification(videoId: string, title: string): string {
  const published = new Date().toISOString().replace(/\.\d+Z$/, '+00:00')
  return uploadNotification({ videoId, channelId: CHANNEL, channelName: 'WebSub Channel', title, published })
}

const signedPost = (body: string, signature: string) => ({ method: 'POST', body, headers: { 'content-type': 'application/atom+xml', 'x-hub-signature': signature } })

/**
 * The YouTube WebSub callback and push:subscribe of a server started with `useFakeWebSubHub().env`
 * and the fake YouTube of tests/e2e/admin-api.test.ts: subscription through the hub, the hub's
 * verification, and a signed push that puts the upload on the timeline before the answer.
 */
export function describeYoutubeWebSub(dataDir: string, websub: WebSubTestHub, youtube: () => FakeYoutubeServer, adminHeaders: Record<string, string>) {
  describe('the YouTube WebSub callback', () => {
    let creatorId = ''
    const timelineTitles = async () => (await $fetch<TimelinePageDto>(`/api/timeline/${creatorId}`)).items.map(item => item.title)

    it('subscribes a tracked channel through the hub with our callback, topic, secret and lease (push:subscribe)', async () => {
      const client = await MongoClient.connect((await readRunningServerUri(join(dataDir, 'mongo')))!)
      ;({ creatorId } = await upsertCreator(client.db('creatorino'), {
        name: 'WebSub Channel', description: '', category: 'technology', avatarUrl: '', bannerUrl: '', dataSource: 'platform-api',
        platforms: { youtube: { channelId: CHANNEL, handle: 'websubchannel', title: 'WebSub Channel', subscribers: 1000, views: 50_000, videos: 12, verified: false, joinedAt: new Date('2019-01-01') } },
      }))
      await client.close()

      // The schedule may be running push:subscribe at this very moment (then this run is 'skipped'): ask again.
      const run = async () => (await (await fetch('/api/admin/tasks/push:subscribe', { method: 'POST', headers: adminHeaders })).json()).run
      await expect.poll(async () => (await run()).status, { timeout: 30_000, interval: 1000 }).toBe('ok')
      const request = websub.hub.requests.find(candidate => candidate.form['hub.topic'] === youtubeTopicUrl(CHANNEL))
      expect(request?.form).toEqual({
        'hub.callback': `${SITE}${PATH}`, 'hub.mode': 'subscribe', 'hub.topic': youtubeTopicUrl(CHANNEL),
        'hub.verify': 'async', 'hub.secret': SECRET, 'hub.lease_seconds': '864000',
      })
    })

    it('answers the hub\'s challenge for the topic it asked for, 404 for any other', async () => {
      const verify = (topic: string) => fetch(`${PATH}?${new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.topic': topic, 'hub.challenge': 'challenge-1234', 'hub.lease_seconds': '432000' })}`)
      const confirmed = await verify(youtubeTopicUrl(CHANNEL))
      expect(confirmed.status).toBe(200)
      expect(confirmed.headers.get('content-type')).toMatch(/^text\/plain/)
      expect(await confirmed.text()).toBe('challenge-1234')

      const unknown = await verify(youtubeTopicUrl('UCVHFbqXqoYvEWM1Ddxl0QDg'))
      expect(unknown.status).toBe(404)
      expect(await unknown.json()).toMatchObject({ statusCode: 404, message: expect.stringContaining('hub.topic') })
      const malformed = await fetch(`${PATH}?hub.mode=subscribe`)
      expect(malformed.status).toBe(400)
      expect(await malformed.json()).toMatchObject({ statusCode: 400, message: expect.stringContaining('hub.topic') })
    })

    it('puts a pushed upload on the creator\'s timeline before it answers', async () => {
      youtube().addVideos([videoOfChannel(PUSHED_VIDEO, 'Pushed within seconds'), videoOfChannel(FORGED_VIDEO, 'Forged upload')])
      expect(await timelineTitles()).not.toContain('Pushed within seconds')
      const body = notification(PUSHED_VIDEO, 'Pushed within seconds')
      const response = await fetch(PATH, signedPost(body, hubSignature(body, SECRET)))
      expect(response.status).toBe(204)
      expect(await timelineTitles()).toContain('Pushed within seconds')
      expect(youtube().requestsTo('videos').map(request => request.query.id)).toContain(PUSHED_VIDEO)
    })

    it('refuses a body signed with another secret, an altered body and an unsigned one with 403, and reads none of them', async () => {
      const videoCalls = youtube().requestsTo('videos').length
      const body = notification(FORGED_VIDEO, 'Forged upload')
      const genuine = notification(PUSHED_VIDEO, 'Pushed within seconds')
      for (const request of [
        signedPost(body, hubSignature(body, 'not-our-secret')),
        signedPost(body, hubSignature(genuine, SECRET)),
        { method: 'POST', body, headers: { 'content-type': 'application/atom+xml' } },
      ]) {
        const response = await fetch(PATH, request)
        expect(response.status).toBe(403)
        expect(await response.json()).toMatchObject({ statusCode: 403, message: expect.stringContaining('X-Hub-Signature') })
      }
      expect(youtube().requestsTo('videos')).toHaveLength(videoCalls)
      expect(await timelineTitles()).not.toContain('Forged upload')

      const garbage = 'not xml at all'
      const unreadable = await fetch(PATH, signedPost(garbage, hubSignature(garbage, SECRET)))
      expect(unreadable.status).toBe(400)
      expect(await unreadable.json()).toMatchObject({ statusCode: 400, message: expect.stringContaining('body') })
    })
  })
}
