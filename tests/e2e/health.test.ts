import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { $fetch, fetch, setup } from '@nuxt/test-utils/e2e'
import { afterAll, describe, expect, it } from 'vitest'

interface Health {
  status: string
  engine: string
  database: string
  counts: Record<string, number>
  lastPipelineRun: { kind: string, day: string } | null
}

const dataDir = await mkdtemp(join(tmpdir(), 'creatorino-e2e-'))
afterAll(() => rm(dataDir, { recursive: true, force: true }))

describe('the built Node server with no NUXT_MONGODB_URI', async () => {
  await setup({
    rootDir: fileURLToPath(new URL('../..', import.meta.url)),
    build: true,
    server: true,
    env: { NUXT_DATA_DIR: dataDir, NUXT_MONGODB_URI: '', NUXT_DEMO: '' },
  })

  it('starts the embedded engine and fills the demo world in the background', async () => {
    await expect.poll(async () => (await $fetch<Health>('/api/health')).status, { timeout: 150_000, interval: 1000 }).toBe('ok')
    const health = await $fetch<Health>('/api/health')
    expect(health).toMatchObject({ engine: 'embedded', database: 'creatorino' })
    expect(health.counts.creators).toBeGreaterThanOrEqual(150)
    expect(health.counts.growth_stats).toBeGreaterThanOrEqual(150 * 180)
    expect(health.counts.timeline_events).toBeGreaterThanOrEqual(5000)
    expect(health.lastPipelineRun).not.toBeNull()
  })

  it('renders the home page on the server with the database figures', async () => {
    const response = await fetch('/')
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('<h1>Creatorino</h1>')
    expect(html).toMatch(/creators: [\d,]+/)
  })
})
