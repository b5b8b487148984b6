import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { fetch, setup } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'

/** A port nothing listens on: the database is "down". */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

describe('the built Node server when its external database is unreachable', async () => {
  await setup({
    rootDir: fileURLToPath(new URL('../..', import.meta.url)),
    build: true,
    server: true,
    env: { NUXT_MONGODB_URI: `mongodb://127.0.0.1:${await closedPort()}/` },
  })

  it('answers /api/health with 503, Retry-After and a message that says why', async () => {
    const response = await fetch('/api/health')
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('10')
    expect(await response.json()).toMatchObject({ statusCode: 503, message: expect.stringContaining('Database unreachable') })
  })
})
