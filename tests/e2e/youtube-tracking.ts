import { $fetch, fetch } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'
import type { CreatorProfileDto } from '../../shared/schemas/index.ts'
import { atomFeed, fixtureItems } from '../unit/platforms/youtube/fake-youtube-data.ts'
import type { FakeYoutubeServer } from '../unit/platforms/youtube/fake-youtube-server.ts'

const GOOGLE = 'UCK8sQmJBp8GCxrOtXWBpyEA'

/**
 * Tracking a channel through the admin API, then a youtube:sync run, against the fake YouTube of
 * tests/e2e/admin-api.test.ts serving the real fixture bodies: the channel's numbers and uploads
 * show in the API and on its Creator page.
 */
export function describeYoutubeTracking(fake: () => FakeYoutubeServer, adminHeaders: Record<string, string>) {
  describe('tracking a YouTube channel', () => {
    it('refuses bad references naming the field, and channels YouTube does not know', async () => {
      for (const [body, status, field] of [
        [{ youtube: 'https://www.youtube.com/watch?v=Ks-_Mh1QhMc' }, 400, 'youtube'],
        [{ youtube: 'UC0000000000000000000000' }, 422, 'youtube'],
        [{}, 400, 'youtube, twitch'],
        [{ youtube: GOOGLE, category: 'cooking' }, 400, 'category'],
        [{ youtube: GOOGLE, extra: 1 }, 400, 'body'],
      ] as const) {
        const response = await fetch('/api/admin/creators', { method: 'POST', headers: { ...adminHeaders, 'content-type': 'application/json' }, body: JSON.stringify(body) })
        expect(response.status, JSON.stringify(body)).toBe(status)
        expect((await response.json()).message, JSON.stringify(body)).toContain(field)
      }
    })

    it('creates the creator with the channel\'s fixture numbers, then youtube:sync brings its uploads', async () => {
      fake().addChannels(fixtureItems('youtube-channels.list.json'))
      fake().addVideos(fixtureItems('youtube-videos.list.json'))
      const published = new Date(Date.now() - 2 * 3_600_000).toISOString()
      fake().setFeed(GOOGLE, atomFeed(GOOGLE, 'Google', [{ videoId: 'Ks-_Mh1QhMc', title: 'Your body language may shape who you are | Amy Cuddy', published }]))

      const response = await fetch('/api/admin/creators', { method: 'POST', headers: { ...adminHeaders, 'content-type': 'application/json' }, body: JSON.stringify({ youtube: '@google', category: 'technology' }) })
      expect(response.status).toBe(201)
      const { creatorId, slug, status } = await response.json()
      expect(status).toBe('created')
      const again = await fetch('/api/admin/creators', { method: 'POST', headers: { ...adminHeaders, 'content-type': 'application/json' }, body: JSON.stringify({ youtube: GOOGLE, category: 'technology' }) })
      expect(again.status).toBe(200)
      expect((await again.json()).creatorId).toBe(creatorId)

      const profile = await $fetch<CreatorProfileDto>(`/api/creators/${creatorId}`)
      expect(profile).toMatchObject({ name: 'Google', category: 'technology' })
      expect(profile.platforms.youtube).toMatchObject({ subscribers: 10_700_000, views: 3_331_930_783, videos: 2678 })

      // The schedule may be running youtube:sync at this very moment (then this run is 'skipped'): ask again.
      await expect.poll(async () => (await (await fetch('/api/admin/tasks/youtube:sync', { method: 'POST', headers: adminHeaders })).json()).run.status, { timeout: 30_000, interval: 1000 }).toBe('ok')
      const synced = await $fetch<CreatorProfileDto>(`/api/creators/${creatorId}`)
      expect(synced.timeline.map(item => item.title)).toContain('Your body language may shape who you are | Amy Cuddy')
      const page = await $fetch<string>(`/creators/${slug}`, { responseType: 'text' })
      expect(page).toContain('Your body language may shape who you are')
      expect(page).toContain('value="10700000"')
      expect(fake().unitsCharged).toBeGreaterThan(0)
    })

    it('edits the category and pauses the sync of a tracked creator', async () => {
      const patch = (id: string, body: unknown) => fetch(`/api/admin/creators/${id}`, { method: 'PATCH', headers: { ...adminHeaders, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      const { items: [google] } = await $fetch<{ items: Array<{ id: string, slug: string }> }>('/api/search?q=google&limit=1')
      const changed = await patch(google!.slug, { category: 'education', active: false })
      expect(changed.status).toBe(200)
      expect(await changed.json()).toEqual({ creatorId: google!.id, category: 'education', active: false })
      expect((await $fetch<CreatorProfileDto>(`/api/creators/${google!.id}`)).category).toBe('education')

      const channelCalls = fake().requestsTo('channels').length
      await fetch('/api/admin/tasks/youtube:sync', { method: 'POST', headers: adminHeaders })
      expect(fake().requestsTo('channels')).toHaveLength(channelCalls)

      for (const [id, body, status, field] of [['no-such-creator', { active: true }, 404, 'id'], [google!.slug, {}, 400, 'body'], [google!.slug, { category: 'cooking' }, 400, 'category']] as const) {
        const response = await patch(id, body)
        expect(response.status, JSON.stringify(body)).toBe(status)
        expect((await response.json()).message).toContain(field)
      }
    })
  })
}
