import { $fetch, url } from '@nuxt/test-utils/e2e'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import type { CreatorListDto, TrendingListDto } from '../../../shared/schemas/index.ts'
import { collectPageErrors, isHydrated, launchChromium } from '../chromium.ts'

/** The table's rows as shown: name, category and exact audience (null when unknown). */
function tableRows(page: Page, table = '.trending-table') {
  return page.$$eval(`${table} tbody tr`, rows => rows.map(row => ({
    name: row.querySelector('th[scope="row"]')?.textContent?.trim() ?? '',
    category: row.querySelector('.category')?.textContent?.trim() ?? '',
    audience: row.querySelector('td.number data') ? Number(row.querySelector('td.number data')!.getAttribute('value')) : null,
  })))
}
const names = (page: Page, table?: string) => tableRows(page, table).then(rows => rows.map(row => row.name))

/** Registers its tests inside the shared browser suite (tests/browser/site.test.ts): one build and demo world for all pages. */
export function describeTrendingAndTopPages() {
  describe('the trending and top pages in Chromium', () => {
    let browser: Awaited<ReturnType<typeof launchChromium>> | undefined
    afterAll(() => browser?.close())

    /** A hydrated page at `path`, with every console error and page error collected. */
    async function open(path: string, viewport = { width: 1280, height: 900 }) {
      browser ??= await launchChromium()
      const page = await browser.context.newPage()
      await page.setViewportSize(viewport)
      const errors = collectPageErrors(page)
      await page.goto(url(path), { waitUntil: 'networkidle' })
      await expect.poll(() => isHydrated(page)).toBe(true)
      return { page, errors }
    }

    it('renders the ranking of 20 creators and logs no errors', async () => {
      const ranking = await $fetch<TrendingListDto>('/api/creators/trending')
      const { page, errors } = await open('/trending')
      expect(await page.textContent('h1')).toBe('Trending creators')
      expect(await names(page)).toEqual(ranking.items.map(item => item.creator.name))
      expect(await page.locator('.trending-table svg.sparkline').count()).toBe(20)
      expect(errors).toEqual([])
      await page.close()
    })

    it('switches category and period through the URL', async () => {
      const { page, errors } = await open('/trending')
      await page.click('nav[aria-label="Category"] a:text-is("Music")')
      await page.waitForURL(/\/trending\?category=music$/)
      await expect.poll(async () => (await tableRows(page)).map(row => row.category).join()).toMatch(/^music(,music)*$/)
      expect(await page.textContent('h1')).toBe('Trending music creators')
      expect(await page.getAttribute('nav[aria-label="Category"] a[aria-current="true"]', 'href')).toBe('/trending?category=music')

      const monthly = await $fetch<TrendingListDto>('/api/creators/trending?category=music&period=30d')
      await page.click('nav[aria-label="Period"] a:text-is("30 days")')
      await page.waitForURL(/\/trending\?category=music&period=30d$/)
      await expect.poll(() => names(page)).toEqual(monthly.items.map(item => item.creator.name))
      expect(await page.getAttribute('link[rel="canonical"]', 'href')).toMatch(/\/trending\?category=music&period=30d$/)
      expect(errors).toEqual([])
      await page.close()
    })

    it('sorts by audience, both ways, with aria-sort on the header', async () => {
      const { page, errors } = await open('/trending')
      const byRank = await names(page)
      const audienceHeader = page.locator('.trending-table thead th', { hasText: 'Audience' })
      await audienceHeader.locator('a').click()
      await page.waitForURL(/sort=audience$/)
      await expect.poll(() => audienceHeader.getAttribute('aria-sort')).toBe('descending')
      const known = (await tableRows(page)).flatMap(row => row.audience === null ? [] : [row.audience])
      expect(known).toEqual([...known].sort((a, b) => b - a))
      expect([...await names(page)].sort()).toEqual([...byRank].sort())

      await audienceHeader.locator('a').click()
      await page.waitForURL(/sort=audience&order=asc$/)
      await expect.poll(() => audienceHeader.getAttribute('aria-sort')).toBe('ascending')
      const ascending = (await tableRows(page)).flatMap(row => row.audience === null ? [] : [row.audience])
      expect(ascending).toEqual([...known].sort((a, b) => a - b))
      expect(errors).toEqual([])
      await page.close()
    })

    it('fits a phone screen without scrolling the page sideways', async () => {
      const { page } = await open('/trending?category=gaming', { width: 390, height: 844 })
      expect(await page.locator('.trending-table tbody tr').count()).toBeGreaterThan(0)
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0)
      await page.close()
    })

    it('ranks the top creators by views and pages through them', async () => {
      const [first, second] = await Promise.all([
        $fetch<CreatorListDto>('/api/creators?sort=views&limit=50'),
        $fetch<CreatorListDto>('/api/creators?sort=views&limit=50&offset=50'),
      ])
      const { page, errors } = await open('/top')
      await page.click('nav[aria-label="Rank by"] a:text-is("Views")')
      await page.waitForURL(/\/top\?sort=views$/)
      await expect.poll(() => names(page, '.top-page table')).toEqual(first.items.map(creator => creator.name))
      await page.click('a[rel="next"]')
      await page.waitForURL(/\/top\?sort=views&page=2$/)
      await expect.poll(() => names(page, '.top-page table')).toEqual(second.items.map(creator => creator.name))
      expect(await page.textContent('h1')).toBe('Top creators by views')
      expect(errors).toEqual([])
      await page.close()
    })
  })
}
