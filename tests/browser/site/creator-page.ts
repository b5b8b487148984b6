import { join } from 'node:path'
import { $fetch, fetch, url } from '@nuxt/test-utils/e2e'
import { MongoClient } from 'mongodb'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { readRunningServerUri } from '../../../server/embedded-mongo/index.ts'
import type { CreatorListDto } from '../../../shared/schemas/index.ts'
import { waitForDemoWorld } from '../../e2e/built-app.ts'
import { isHydrated, launchChromium } from '../chromium.ts'

/** Pixels of the growth chart's canvas that are not transparent. */
function paintedPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('.chart-frame canvas')
    if (!canvas || canvas.width === 0) return 0
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
    let painted = 0
    for (let alpha = 3; alpha < pixels.length; alpha += 4) if (pixels[alpha]) painted++
    return painted
  })
}

const eventIds = (page: Page) => page.$$eval('.creator-timeline [data-event-id]', items => items.map(item => item.getAttribute('data-event-id')))
const tableRows = (page: Page) => page.locator('.data-table tbody tr').count()

/** Registers its tests inside the shared browser suite (tests/browser/site.test.ts): one build and demo world for all pages. */
export function describeCreatorPage(dataDir: string) {
  describe('the creator page in Chromium', () => {
    let browser: Awaited<ReturnType<typeof launchChromium>> | undefined
    afterAll(() => browser?.close())

    let slug = ''
    let name = ''
    /** A page on the creator, hydrated, with every console error and page error collected. */
    async function openCreator(viewport = { width: 1280, height: 900 }) {
      browser ??= await launchChromium()
      const page = await browser.context.newPage()
      await page.setViewportSize(viewport)
      const errors: string[] = []
      const apiCalls: string[] = []
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/api/')) apiCalls.push(request.url())
      })
      page.on('pageerror', error => errors.push(error.message))
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text())
      })
      await page.goto(url(`/creators/${slug}`), { waitUntil: 'networkidle' })
      await expect.poll(() => isHydrated(page)).toBe(true)
      return { page, errors, apiCalls }
    }

    it('waits for the demo world', async () => {
      await waitForDemoWorld()
      const { items: [creator] } = await $fetch<CreatorListDto>('/api/creators?limit=1')
      slug = creator!.slug
      name = creator!.name
    }, 160_000)

    it('renders the profile and stats, hydrates without refetching, draws the chart and logs no errors', async () => {
      const { page, errors, apiCalls } = await openCreator()
      expect(apiCalls).toEqual([])
      expect(await page.textContent('h1')).toContain(name)
      const stats = await page.textContent('.creator-stats')
      for (const label of ['Subscribers', 'Total views', 'Videos', '30-day growth', 'Average views', 'Joined']) expect(stats).toContain(label)
      await expect.poll(() => paintedPixels(page)).toBeGreaterThan(1000)
      expect(errors).toEqual([])
      await page.close()
    })

    it('switches the chart and its table to 30 days', async () => {
      const { page, errors } = await openCreator()
      await expect.poll(() => paintedPixels(page)).toBeGreaterThan(1000)
      const before = await page.evaluate(() => document.querySelector<HTMLCanvasElement>('.chart-frame canvas')!.toDataURL())
      expect(await tableRows(page)).toBeGreaterThan(30)

      await page.getByRole('link', { name: '30 days' }).click()
      await expect.poll(() => tableRows(page)).toBe(30)
      expect(new URL(page.url()).searchParams.get('range')).toBe('30')
      await expect.poll(() => page.evaluate(() => document.querySelector<HTMLCanvasElement>('.chart-frame canvas')?.toDataURL())).not.toBe(before)
      expect(errors).toEqual([])
      await page.close()
    })

    it('filters the timeline by type and loads more events without duplicates', async () => {
      const { page, errors } = await openCreator()
      const first = await eventIds(page)
      expect(first.length).toBeGreaterThan(0)

      // The timeline hydrates once scrolled near (hydrate-on-visible): a click before that does
      // nothing, so the reader's click is repeated until the list grows.
      const loadMore = page.getByRole('button', { name: 'Load more' })
      await expect.poll(async () => {
        // While a page loads the button is busy: a short wait, not the default 30 s.
        await loadMore.click({ timeout: 1000 }).catch(() => {})
        return (await eventIds(page)).length
      }, { timeout: 10_000 }).toBeGreaterThan(first.length)
      const more = await eventIds(page)
      expect(more.slice(0, first.length)).toEqual(first)
      expect(new Set(more).size).toBe(more.length)

      await page.getByRole('button', { name: 'Milestones' }).click()
      await expect.poll(() => page.getAttribute('.creator-timeline .events', 'aria-busy')).toBe('false')
      expect(await page.getAttribute('button[data-type="milestone"]', 'aria-pressed')).toBe('true')
      const milestones = await page.$$eval('.creator-timeline .timeline-event', cards => cards.map(card => card.classList.contains('type-milestone')))
      if (milestones.length === 0) expect(await page.textContent('.creator-timeline')).toContain('No milestones yet')
      else expect(milestones.every(Boolean)).toBe(true)
      expect(await eventIds(page)).not.toEqual(more)
      expect(errors).toEqual([])
      await page.close()
    })

    it('fits a 390 px phone screen without horizontal scrolling', async () => {
      const { page } = await openCreator({ width: 390, height: 844 })
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
      await page.close()
    })

    it('redirects a former slug to the creator\'s page with 301', async () => {
      const client = await MongoClient.connect((await readRunningServerUri(join(dataDir, 'mongo')))!)
      try {
        // The demo world renames some creators; their former slugs must still lead to them.
        const renamed = await client.db('creatorino').collection('creators').findOne({ slugAliases: { $exists: true } })
        const response = await fetch(`/creators/${renamed!.slugAliases[0]}?range=30`, { redirect: 'manual', headers: { accept: 'text/html' } })
        expect(response.status).toBe(301)
        expect(response.headers.get('location')).toBe(`/creators/${renamed!.slug}?range=30`)
      }
      finally {
        await client.close()
      }
    })

    it('answers 404 for an unknown creator', async () => {
      browser ??= await launchChromium()
      const page = await browser.context.newPage()
      const response = await page.goto(url('/creators/no-such-creator-here'))
      expect(response?.status()).toBe(404)
      await page.close()
    })
  })
}
