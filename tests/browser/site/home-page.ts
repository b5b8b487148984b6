import { $fetch, url } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'
import type { FeedPageDto, TrendingListDto } from '../../../shared/schemas/index.ts'
import { collectPageErrors, isHydrated, launchChromium } from '../chromium.ts'

/** Registers its tests inside the shared browser suite (tests/browser/site.test.ts): one build and demo world for all pages. */
export function describeHomePage() {
  describe('the dashboard in Chromium', () => {
    it('renders trending creators, the latest events and totals, hydrates and logs no errors', async () => {
      const trending = await $fetch<TrendingListDto>('/api/creators/trending?limit=8')
      const feed = await $fetch<FeedPageDto>('/api/timeline/recent?limit=10')
      const { context, close } = await launchChromium()
      try {
        const page = await context.newPage()
        const errors = collectPageErrors(page)
        await page.goto(url('/'), { waitUntil: 'networkidle' })
        expect(await page.textContent('h1')).toBe('Creator analytics for YouTube and Twitch')
        // Vue attaches the app to its container once it has hydrated the server's HTML.
        expect(await isHydrated(page)).toBe(true)

        const cards = await page.$$eval('.trending-cards .creator-card h3 a', links => links.map(link => ({ name: link.textContent!.trim(), href: link.getAttribute('href') })))
        expect(cards).toEqual(trending.items.map(item => ({ name: item.creator.name, href: item.creator.url })))

        const events = await page.$$eval('.latest-events .title', titles => titles.map(title => title.textContent!.trim()))
        expect(events).toEqual(feed.items.map(event => event.title))
        expect(await page.getAttribute('.latest-events time', 'datetime')).toBe(feed.items[0]!.date)
        expect(await page.getAttribute('a:has-text("See all activity")', 'href')).toBe('/activity')

        expect(await page.textContent('.totals')).toContain('Creators tracked')
        const shortcuts = await page.$$eval('[aria-labelledby="dashboard-categories"] a', links => links.map(link => link.getAttribute('href')))
        expect(shortcuts).toHaveLength(10)
        expect(shortcuts).toContain('/trending?category=music')
        expect(errors).toEqual([])
      }
      finally {
        await close()
      }
    })
  })
}
