import { registerEndpoint } from '@nuxt/test-utils/runtime'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useHealthStore } from '../../stores/health'

describe('the health store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('holds what /api/health reports', async () => {
    registerEndpoint('/api/health', () => ({ status: 'ok', engine: 'embedded', database: 'creatorino', counts: { creators: 150 }, lastPipelineRun: null }))
    const store = useHealthStore()
    await store.load()
    expect(store.status).toMatchObject({ engine: 'embedded', counts: { creators: 150 } })
    expect(store.error).toBeNull()
  })

  it('explains instead of failing when the database is unreachable', async () => {
    registerEndpoint('/api/health', () => {
      throw createError({ statusCode: 503, message: 'Database unreachable: connect ECONNREFUSED' })
    })
    const store = useHealthStore()
    await store.load()
    expect(store.status).toBeNull()
    expect(store.error).toContain('The database is not reachable yet')
  })
})
