import { fileURLToPath } from 'node:url'
import { fetch, setup } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'
import { freePort } from './free-port.ts'

describe('the built Node server when its external database is unreachable', async () => {
  await setup({
    rootDir: fileURLToPath(new URL('../..', import.meta.url)),
    build: true,
    server: true,
    env: { NUXT_MONGODB_URI: `mongodb://127.0.0.1:${await freePort()}/` },
  })

  it('answers /api/health with 503, Retry-After and a message that says why', async () => {
    const response = await fetch('/api/health')
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('10')
    expect(await response.json()).toMatchObject({ statusCode: 503, message: expect.stringContaining('Database unreachable') })
  })
})
