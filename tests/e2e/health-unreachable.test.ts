import { fetch } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'
import { setupBuiltApp } from './built-app.ts'
import { freePort } from './free-port.ts'

describe('the built Node server when its external database is unreachable', async () => {
  await setupBuiltApp({ NUXT_MONGODB_URI: `mongodb://127.0.0.1:${await freePort()}/` })

  it('answers /api/health with 503, Retry-After and a message that says why', async () => {
    const response = await fetch('/api/health')
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('10')
    expect(await response.json()).toMatchObject({ statusCode: 503, message: expect.stringContaining('Database unreachable') })
  })
})
