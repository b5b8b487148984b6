import { url } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'
import { setupBuiltApp } from '../e2e/built-app.ts'
import { launchChromium } from './chromium.ts'

describe('the home page in Chromium', async () => {
  await setupBuiltApp({ NUXT_DEMO: 'off' })

  it('renders, hydrates and logs no errors', async () => {
    const { context, close } = await launchChromium()
    try {
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', error => errors.push(error.message))
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text())
      })
      await page.goto(url('/'), { waitUntil: 'networkidle' })
      expect(await page.textContent('h1')).toBe('Creatorino')
      expect(await page.textContent('main')).toContain('Database: embedded')
      // Vue attaches the app to its container once it has hydrated the server's HTML.
      expect(await page.evaluate(() => Boolean((document.querySelector('#__nuxt') as { __vue_app__?: unknown } | null)?.__vue_app__))).toBe(true)
      expect(errors).toEqual([])
    }
    finally {
      await close()
    }
  })
})
