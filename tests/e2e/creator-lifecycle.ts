import { join } from 'node:path'
import { $fetch, fetch } from '@nuxt/test-utils/e2e'
import { MongoClient } from 'mongodb'
import { describe, expect, it } from 'vitest'
import type { CreatorListDto, CreatorProfileDto, FeedPageDto, SearchResultDto } from '../../shared/schemas/index.ts'
import { upsertCreator, upsertEvents } from '../../server/domain/index.ts'
import { readRunningServerUri } from '../../server/embedded-mongo/index.ts'
import { atomFeed, channelIdFor, channelResource } from '../unit/platforms/youtube/fake-youtube-data.ts'
import type { FakeYoutubeServer } from '../unit/platforms/youtube/fake-youtube-server.ts'

const CHANNEL_ID = channelIdFor(4242)
const NAME = 'Lifecycle Channel'
const SLUG = 'lifecycle-channel'

/**
 * What a tracking request killed right after writing the creator leaves behind: the creator, still
 * pending, and (as the upload check may add meanwhile) an event. Written straight into the server's database.
 */
async function writeKilledTracking(dataDir: string): Promise<{ creatorId: string, eventId: string }> {
  const client = await MongoClient.connect((await readRunningServerUri(join(dataDir, 'mongo')))!)
  try {
    const db = client.db('creatorino')
    const { creatorId } = await upsertCreator(db, {
      name: NAME, description: '', category: 'science', avatarUrl: '', bannerUrl: '', dataSource: 'platform-api', pending: true,
      platforms: { youtube: { channelId: CHANNEL_ID, handle: 'lifecyclechannel', title: NAME, subscribers: null, views: null, videos: null, verified: false, joinedAt: new Date('2015-03-04T05:06:07Z') } },
    })
    const [event] = await upsertEvents(db, [{ creatorId, platform: 'youtube', type: 'video_upload', platformEventId: 'lifecycleVid1', title: 'Lifecycle upload', publishedAt: new Date(), dataSource: 'platform-api' }])
    return { creatorId, eventId: event!.eventId }
  }
  finally {
    await client.close()
  }
}

/** Whether the public answers show the creator: profile, growth, list, search, feed. */
async function publicSightings(creatorId: string, eventId: string) {
  const [profile, growth, list, search, feed] = await Promise.all([
    fetch(`/api/creators/${SLUG}`).then(response => response.status),
    fetch(`/api/stats/growth/${creatorId}`).then(response => response.status),
    $fetch<CreatorListDto>('/api/creators', { query: { limit: 100 } }),
    $fetch<SearchResultDto>('/api/search', { query: { q: 'lifecycle' } }),
    $fetch<FeedPageDto>('/api/timeline/recent', { query: { limit: 50 } }),
  ])
  return {
    profile,
    growth,
    inList: list.items.some(item => item.id === creatorId),
    inSearch: search.items.some(item => item.id === creatorId),
    inFeed: feed.items.some(item => item.id === eventId),
  }
}

const HIDDEN = { profile: 404, growth: 404, inList: false, inSearch: false, inFeed: false }

/** The sitemap is cached for an hour: first asked for once the creator is public, so its removal must purge it. */
const inSitemap = async () => (await $fetch<string>('/sitemap.xml', { responseType: 'text' })).includes(`/creators/${SLUG}<`)

/**
 * A creator's life through the admin API (server of tests/e2e/admin-api.test.ts): left pending by a
 * tracking request that died, it shows nowhere until youtube:sync completes it; DELETE then removes
 * it from every answer, cached ones included.
 */
export function describeCreatorLifecycle(dataDir: string, fake: () => FakeYoutubeServer, adminHeaders: Record<string, string>) {
  describe('a creator from pending to deleted', () => {
    let creatorId = ''
    let eventId = ''

    it('is shown nowhere while pending, and in full once youtube:sync has run', async () => {
      ({ creatorId, eventId } = await writeKilledTracking(dataDir))
      expect(await publicSightings(creatorId, eventId)).toEqual(HIDDEN)
      expect((await fetch(`/api/creators/${creatorId}/timeline`)).status).toBe(404)

      // Served only now: a scheduled run before this point could not have completed it.
      fake().addChannels([channelResource(CHANNEL_ID, { title: NAME, handle: '@lifecyclechannel', subscribers: '4321' })])
      fake().setFeed(CHANNEL_ID, atomFeed(CHANNEL_ID, NAME, []))
      await expect.poll(async () => (await (await fetch('/api/admin/tasks/youtube:sync', { method: 'POST', headers: adminHeaders })).json()).run.status, { timeout: 30_000, interval: 1000 }).toBe('ok')

      const profile = await $fetch<CreatorProfileDto>(`/api/creators/${SLUG}`)
      expect(profile).toMatchObject({ id: creatorId, name: NAME, platforms: { youtube: { subscribers: 4321 } } })
      expect(profile.timeline.map(item => item.id)).toContain(eventId)
      expect(await publicSightings(creatorId, eventId)).toEqual({ profile: 200, growth: 200, inList: true, inSearch: true, inFeed: true })
      expect(await inSitemap()).toBe(true)
    })

    it('is gone from every answer, cached ones included, after DELETE', async () => {
      const response = await fetch(`/api/admin/creators/${SLUG}`, { method: 'DELETE', headers: adminHeaders })
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({
        creatorId,
        deleted: { creators: 1, timeline_events: 1, growth_stats: 1, trending_data: 0, live_sessions: 0, youtube_channel_sync: 1 },
      })
      expect(await publicSightings(creatorId, eventId)).toEqual(HIDDEN)
      expect(await inSitemap()).toBe(false)
      expect((await fetch(`/api/creators/${creatorId}`)).status).toBe(404)

      const channelCalls = fake().requestsTo('channels').length
      await fetch('/api/admin/tasks/youtube:sync', { method: 'POST', headers: adminHeaders })
      expect(fake().requestsTo('channels')).toHaveLength(channelCalls)
    })

    it('answers DELETE of an unknown creator with 404 naming id, and without a token with 401', async () => {
      for (const id of [SLUG, 'no-such-creator']) {
        const missing = await fetch(`/api/admin/creators/${id}`, { method: 'DELETE', headers: adminHeaders })
        expect(missing.status).toBe(404)
        expect(await missing.json()).toMatchObject({ statusCode: 404, message: expect.stringMatching(/^id: /) })
      }
      const anonymous = await fetch(`/api/admin/creators/${SLUG}`, { method: 'DELETE' })
      expect(anonymous.status).toBe(401)
      expect(await anonymous.json()).toMatchObject({ statusCode: 401 })
    })
  })
}
