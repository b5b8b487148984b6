import { $fetch } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'
import { waitForDemoWorld } from '../built-app.ts'

interface Health {
  status: string
  engine: string
  database: string
  counts: Record<string, number>
  lastPipelineRun: { kind: string, day: string } | null
}

/** Readiness of the built Node server with no NUXT_MONGODB_URI (registered in read-api.test.ts). */
export function describeHealth() {
  describe('the built Node server with no NUXT_MONGODB_URI', () => {
    it('starts the embedded engine and fills the demo world in the background', async () => {
      await waitForDemoWorld()
      const health = await $fetch<Health>('/api/health')
      expect(health).toMatchObject({ engine: 'embedded', database: 'creatorino' })
      expect(health.counts.creators).toBeGreaterThanOrEqual(150)
      expect(health.counts.growth_stats).toBeGreaterThanOrEqual(150 * 180)
      expect(health.counts.timeline_events).toBeGreaterThanOrEqual(5000)
      expect(health.lastPipelineRun).not.toBeNull()
    })
  })
}
