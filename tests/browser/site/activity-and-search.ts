import { $fetch, url } from '@nuxt/test-utils/e2e'
import type { ConsoleMessage, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CreatorListDto, FeedPageDto, SearchResultDto } from '../../../shared/schemas/index.ts'
import { collectPageErrors, launchChromium } from '../chromium.ts'

const UNKNOWN_PATH = '/no-such-page-here'

/** Registers its tests inside the shared browser suite (tests/browser/site.test.ts): one build and demo world for all pages. */
export function describeActivitySearchAndErrors() {
  describe('activity, search and error pages in Chromium', () => {
    let browser: Awaited<ReturnType<typeof launchChromium>>
    const errors: string[] = []

    beforeAll(async () => {
      browser = await launchChromium()
    })
    afterAll(() => browser?.close())

    /** Chromium logs the unknown page's own 404 response as an error: that one is expected, nothing else. */
    const isExpected404 = (message: ConsoleMessage) =>
      message.text().startsWith('Failed to load resource: the server responded with a status of 404')
      && message.location().url === url(UNKNOWN_PATH)

    async function openPage(path: string): Promise<Page> {
      const page = await browser.context.newPage()
      page.on('pageerror', error => errors.push(`${path}: ${error.message}`))
      page.on('console', (message) => {
        if (message.type() === 'error' && !isExpected404(message)) errors.push(`${path}: ${message.text()}`)
      })
      await page.goto(url(path), { waitUntil: 'networkidle' })
      // Typing before Vue has hydrated the form would be typing into a plain form.
      await page.waitForFunction(() => Boolean((document.querySelector('#__nuxt') as { __vue_app__?: unknown } | null)?.__vue_app__))
      return page
    }

    /** The start of a big creator's first word, and what the typeahead (8) and results page (50) answer. */
    async function searchFixture() {
      const creators = (await $fetch<CreatorListDto>('/api/creators?limit=20&sort=audience')).items
      const typed = creators.map(creator => creator.name.split(' ')[0]!).find(word => /^[\p{L}\p{N}]{3,}$/u.test(word))!.slice(0, 5)
      const search = (limit: number) => $fetch<SearchResultDto>(`/api/search?q=${encodeURIComponent(typed)}&limit=${limit}`)
      return { typed, suggested: (await search(8)).items, results: await search(50) }
    }

    it('opens the first suggestion with ArrowDown and Enter', async () => {
      const { typed, suggested: expected } = await searchFixture()
      const page = await openPage('/activity')
      const input = page.getByRole('combobox', { name: 'Search creators' })
      await input.pressSequentially(typed, { delay: 30 })
      const options = page.getByRole('option')
      await expect.poll(() => options.count()).toBe(expected.length)
      expect(await input.getAttribute('aria-expanded')).toBe('true')
      expect(await options.first().locator('mark').allTextContents()).toEqual([typed])
      await input.press('ArrowDown')
      expect(await input.getAttribute('aria-activedescendant')).toBe(await options.first().getAttribute('id'))
      expect(await options.first().getAttribute('aria-selected')).toBe('true')
      await input.press('Enter')
      await page.waitForURL(url(`/creators/${expected[0]!.slug}`))
      await expect.poll(() => page.locator('h1').first().textContent()).toContain(expected[0]!.name)
      await page.close()
    })

    it('searches for the text when Enter is pressed with no option active, and Escape closes then clears', async () => {
      const { typed, results: expected } = await searchFixture()
      const page = await openPage('/')
      const input = page.getByRole('combobox', { name: 'Search creators' })
      await input.pressSequentially(typed, { delay: 30 })
      await expect.poll(() => page.getByRole('option').count()).toBeGreaterThan(0)
      await input.press('Escape')
      expect(await input.getAttribute('aria-expanded')).toBe('false')
      expect(await input.inputValue()).toBe(typed)
      await input.press('Escape')
      expect(await input.inputValue()).toBe('')

      await input.pressSequentially(typed, { delay: 30 })
      await input.press('Enter')
      await page.waitForURL(url(`/search?q=${encodeURIComponent(typed)}`))
      const results = page.locator('main ol li')
      await expect.poll(() => results.count()).toBe(expected.items.length)
      expect(await results.first().getByRole('link').first().textContent()).toBe(expected.items[0]!.name)
      expect(await page.locator('main').textContent()).toContain(`${expected.total.toLocaleString('en')} ${expected.total === 1 ? 'creator matches' : 'creators match'}`)
      await page.close()
    })

    it('filters the activity feed by type through the URL', async () => {
      const page = await openPage('/activity')
      await page.getByRole('link', { name: 'Milestones' }).click()
      await page.waitForURL(url('/activity?type=milestone'))
      const rows = page.locator('li[data-event-type]')
      await expect.poll(async () => new Set(await rows.evaluateAll(items => items.map(item => (item as HTMLElement).dataset.eventType)))).toEqual(new Set(['milestone']))
      expect(await page.getByRole('link', { name: 'Milestones' }).getAttribute('aria-current')).toBe('true')
      const expected = await $fetch<FeedPageDto>('/api/timeline/recent?type=milestone&limit=20')
      expect(await rows.evaluateAll(items => items.map(item => (item as HTMLElement).dataset.eventId))).toEqual(expected.items.map(item => item.id))
      await page.close()
    })

    it('appends the next page with "Load more", without duplicates', async () => {
      const first = await $fetch<FeedPageDto>('/api/timeline/recent?limit=20')
      const second = await $fetch<FeedPageDto>(`/api/timeline/recent?limit=20&before=${first.nextCursor}`)
      const page = await openPage('/activity')
      const ids = () => page.locator('li[data-event-id]').evaluateAll(items => items.map(item => (item as HTMLElement).dataset.eventId))
      expect(await ids()).toEqual(first.items.map(item => item.id))
      const more = page.getByRole('link', { name: 'Load more' })
      // Without JavaScript the same control is a link to the next page, rendered on the server.
      expect(await more.getAttribute('href')).toBe(`/activity?before=${first.nextCursor}`)
      const nextPageHtml = await $fetch<string>(`/activity?before=${first.nextCursor}`, { responseType: 'text' })
      expect(nextPageHtml).toContain(`data-event-id="${second.items[0]!.id}"`)
      expect(nextPageHtml).not.toContain(`data-event-id="${first.items[0]!.id}"`)
      await more.click()
      await expect.poll(async () => (await ids()).length).toBe(40)
      const shown = await ids()
      expect(new Set(shown).size).toBe(shown.length)
      expect(shown).toEqual([...first.items, ...second.items].map(item => item.id))
      expect(page.url()).toBe(url('/activity'))
      await page.close()
    })

    it('hydrates a page rendered before the visit, then shows times by the viewer\'s clock', async () => {
      // The page cache serves HTML rendered earlier: a viewer whose clock is later must still hydrate
      // without a mismatch, and only then see relative times by their own clock.
      const newest = (await $fetch<FeedPageDto>('/api/timeline/recent?limit=1')).items[0]!
      const html = await $fetch<string>('/activity', { responseType: 'text' })
      const renderedTime = /<time[^>]*>([^<]+)<\/time>/.exec(html)![1]
      expect(renderedTime).not.toBe('3 days ago')
      const page = await browser.context.newPage()
      const pageErrors = collectPageErrors(page)
      await page.clock.setFixedTime(Date.parse(newest.date) + 3 * 86_400_000 + 3_600_000)
      await page.goto(url('/activity'), { waitUntil: 'networkidle' })
      await expect.poll(() => page.locator('li[data-event-id] time').first().textContent()).toBe('3 days ago')
      expect(pageErrors).toEqual([])
      await page.close()
    })

    it('answers an unknown page with 404 and the friendly page', async () => {
      const page = await browser.context.newPage()
      page.on('pageerror', error => errors.push(`${UNKNOWN_PATH}: ${error.message}`))
      page.on('console', (message) => {
        if (message.type() === 'error' && !isExpected404(message)) errors.push(`${UNKNOWN_PATH}: ${message.text()}`)
      })
      const response = await page.goto(url(UNKNOWN_PATH), { waitUntil: 'networkidle' })
      expect(response?.status()).toBe(404)
      expect(await page.locator('h1').textContent()).toBe('Page not found')
      expect(await page.title()).toBe('Page not found · Creatorino')
      await page.getByRole('link', { name: 'Go to the dashboard' }).click()
      await page.waitForURL(url('/'))
      await expect.poll(() => page.locator('h1').textContent()).not.toBe('Page not found')
      await page.close()
    })

    it('logged no console errors', () => {
      expect(errors).toEqual([])
    })
  })
}
