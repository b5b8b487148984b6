import { $fetch, fetch } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'
import type { CreatorListDto, CreatorProfileDto, FeedPageDto, TrendingListDto } from '../../../shared/schemas/index.ts'

/** A page's HTML as a search engine gets it: one request, no JavaScript run. */
async function html(path: string): Promise<string> {
  const response = await fetch(path, { headers: { Accept: 'text/html' } })
  expect(response.status, path).toBe(200)
  return response.text()
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

function expectMeta(page: string, path: string) {
  expect(page).toMatch(/<title>[^<]+<\/title>/)
  expect(page).toMatch(/<meta name="description" content="[^"]{20,}"/)
  expect(page).toMatch(/<meta property="og:title" content="[^"]+"/)
  expect(page).toMatch(/<meta name="twitter:card" content="summary(_large_image)?"/)
  expect(page).toContain(`<link rel="canonical" href="http://localhost:3000${path}"`)
}

/** Every public page server-renders its data: names, exact numbers (in <data value>), meta tags. */
export function describePagesHtml() {
  describe('the pages\' server-rendered HTML', () => {
    it('renders the dashboard with trending creators and the latest events', async () => {
      const page = await html('/')
      const trending = await $fetch<TrendingListDto>('/api/creators/trending?limit=3')
      for (const item of trending.items) expect(page).toContain(escapeHtml(item.creator.name))
      expectMeta(page, '/')
    })

    it('renders the trending table with every ranked creator and their audience', async () => {
      const page = await html('/trending')
      const trending = await $fetch<TrendingListDto>('/api/creators/trending')
      for (const item of trending.items) {
        expect(page).toContain(escapeHtml(item.creator.name))
        if (item.creator.stats.subscribers !== null) expect(page).toContain(`value="${item.creator.stats.subscribers}"`)
      }
      expectMeta(page, '/trending')
      const music = await html('/trending?category=music')
      const musicRanking = await $fetch<TrendingListDto>('/api/creators/trending?category=music')
      expect(music).toContain(escapeHtml(musicRanking.items[0]!.creator.name))
    })

    it('renders a creator\'s profile, stats, timeline and structured data', async () => {
      const [listed] = (await $fetch<CreatorListDto>('/api/creators?limit=1&sort=views')).items
      const profile = await $fetch<CreatorProfileDto>(`/api/creators/${listed!.slug}`)
      const page = await html(`/creators/${profile.slug}`)
      expect(page).toContain(escapeHtml(profile.name))
      expect(page).toContain(`value="${profile.stats.subscribers}"`)
      expect(page).toContain(`value="${profile.stats.totalViews}"`)
      for (const event of profile.timeline.slice(0, 5)) expect(page).toContain(escapeHtml(event.title))
      expectMeta(page, `/creators/${profile.slug}`)
      const jsonLd = /<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/.exec(page)
      expect(jsonLd).not.toBeNull()
      expect(JSON.parse(jsonLd![1]!)).toMatchObject({ '@type': 'ProfilePage', 'mainEntity': { name: profile.name } })
    })

    it('renders the activity feed and the top list', async () => {
      const feed = await $fetch<FeedPageDto>('/api/timeline/recent?limit=5')
      const activity = await html('/activity')
      for (const event of feed.items) expect(activity).toContain(escapeHtml(event.title))
      expectMeta(activity, '/activity')
      const top = await html('/top')
      const [first] = (await $fetch<CreatorListDto>('/api/creators?limit=1')).items
      expect(top).toContain(escapeHtml(first!.name))
    })

    it('answers 404 with a friendly page for an unknown creator or page', async () => {
      for (const path of ['/creators/nobody-by-this-name', '/no-such-page']) {
        const response = await fetch(path, { headers: { Accept: 'text/html' } })
        expect(response.status, path).toBe(404)
        expect(await response.text()).toMatch(/not found/i)
      }
    })

    it('serves a rendered page from the page cache, with the data\'s cache headers', async () => {
      const first = await fetch('/trending')
      const second = await fetch('/trending')
      expect(second.headers.get('cache-control')).toBe('s-maxage=3600, stale-while-revalidate')
      expect(second.headers.get('etag')).toBe(first.headers.get('etag'))
    })

    it('lists every creator in sitemap.xml and points robots.txt at it', async () => {
      const sitemap = await (await fetch('/sitemap.xml')).text()
      const { total } = await $fetch<CreatorListDto>('/api/creators?limit=1')
      expect(sitemap.match(/<loc>http:\/\/localhost:3000\/creators\/[a-z0-9-]+<\/loc>/g)).toHaveLength(total)
      const robots = await (await fetch('/robots.txt')).text()
      expect(robots).toContain('Sitemap: http://localhost:3000/sitemap.xml')
      expect(robots).toContain('Disallow: /api/')
    })
  })
}
