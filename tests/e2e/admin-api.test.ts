import { fetch } from '@nuxt/test-utils/e2e'
import { afterAll, describe, expect, it } from 'vitest'
import { startFakeYoutubeServer } from '../unit/platforms/youtube/fake-youtube-server.ts'
import { setupBuiltApp } from './built-app.ts'
import { describeCreatorLifecycle } from './creator-lifecycle.ts'
import { describeTwitchEventSubWebhook } from './twitch-eventsub-webhook.ts'
import { describeYoutubeTracking } from './youtube-tracking.ts'
import { describeYoutubeWebSub, useFakeWebSubHub } from './youtube-websub.ts'

const TOKEN = 'test-admin-token-0123456789'
const EVENTSUB_SECRET = 'eventsub-secret-for-tests'
const YOUTUBE_KEY = 'e2e-youtube-key'
const asAdmin = { authorization: `Bearer ${TOKEN}` }

/**
 * The operators' side of a server with NUXT_ADMIN_TOKEN and NUXT_TWITCH_EVENTSUB_SECRET set (without
 * them those routes are 404: read-api.test.ts): the admin API and the Twitch EventSub webhook.
 */
describe('the admin API and the platform webhooks', async () => {
  // A fake YouTube on 127.0.0.1 that serves the real fixture bodies; the server is pointed at it.
  const youtube = await startFakeYoutubeServer({ apiKey: YOUTUBE_KEY })
  afterAll(() => youtube.close())
  const websub = await useFakeWebSubHub()
  const dataDir = await setupBuiltApp({
    ...websub.env,
    NUXT_ADMIN_TOKEN: TOKEN,
    NUXT_TWITCH_EVENTSUB_SECRET: EVENTSUB_SECRET,
    NUXT_YOUTUBE_API_KEY: YOUTUBE_KEY,
    NUXT_YOUTUBE_API_BASE: youtube.apiBase,
    NUXT_YOUTUBE_FEED_BASE: youtube.feedBase,
    NUXT_DEMO: 'false',
  })

  it.each([
    ['no header', {}],
    ['a wrong token', { authorization: 'Bearer wrong-token' }],
    ['a token one character short', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ['another scheme', { authorization: `Basic ${TOKEN}` }],
  ])('refuses %s with 401 and a Bearer challenge', async (_case, headers) => {
    for (const [method, path] of [['GET', '/api/admin/sync'], ['POST', '/api/admin/tasks/trending:compute']] as const) {
      const response = await fetch(path, { method, headers })
      expect(response.status, `${method} ${path}`).toBe(401)
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/)
      expect(await response.json()).toMatchObject({ statusCode: 401, message: expect.stringContaining('authorization') })
    }
  })

  it('runs a task now and shows the run in the sync overview', async () => {
    const response = await fetch('/api/admin/tasks/trending:compute', { method: 'POST', headers: asAdmin })
    expect(response.status).toBe(200)
    const { task, run } = await response.json()
    expect(task).toBe('trending:compute')
    expect(run).toMatchObject({ task: 'trending:compute', status: 'ok', result: { rankings: expect.any(Number) } })

    const overview = await (await fetch('/api/admin/sync', { headers: asAdmin })).json()
    const names = overview.tasks.map((entry: { task: string }) => entry.task)
    expect(names).toEqual(expect.arrayContaining(['stats:aggregate', 'trending:compute', 'twitch:live', 'twitch:sync', 'youtube:sync', 'youtube:uploads']))
    const trending = overview.tasks.find((entry: { task: string }) => entry.task === 'trending:compute')
    expect(trending.lastRun).toMatchObject({ status: 'ok' })
    expect(overview.tasks.find((entry: { task: string }) => entry.task === 'stats:aggregate').lastRun).toBeNull()
    expect(overview.youtubeQuota).toMatchObject({ unitsSpent: 0, dailyLimit: 10_000 })
  })

  it('answers a platform task without its credentials with "not-configured", not a failure', async () => {
    const response = await fetch('/api/admin/tasks/twitch:live', { method: 'POST', headers: asAdmin })
    expect(response.status).toBe(200)
    expect((await response.json()).run).toEqual({ task: 'twitch:live', status: 'not-configured', reason: expect.stringContaining('NUXT_TWITCH_CLIENT_ID') })
  })

  it('answers 404 naming the field for a task that does not exist, 400 for a malformed name', async () => {
    const missing = await fetch('/api/admin/tasks/nothing:here', { method: 'POST', headers: asAdmin })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ statusCode: 404, message: expect.stringContaining('name') })
    const malformed = await fetch('/api/admin/tasks/DROP%20TABLE', { method: 'POST', headers: asAdmin })
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toMatchObject({ statusCode: 400, message: expect.stringContaining('name') })
  })

  describeTwitchEventSubWebhook(dataDir, EVENTSUB_SECRET)
  describeYoutubeTracking(() => youtube, asAdmin)
  describeYoutubeWebSub(dataDir, websub, () => youtube, asAdmin)
  describeCreatorLifecycle(dataDir, () => youtube, asAdmin)
})
