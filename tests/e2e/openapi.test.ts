import { fetch } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'
import { API_OPERATIONS, pingDtoSchema } from '../../server/openapi/api-operations.ts'
import { apiErrorSchema } from '../../server/openapi/openapi-document.ts'
import { setupBuiltApp } from './built-app.ts'

const PATHS = API_OPERATIONS.map(operation => operation.path)

// None of this reads the database, so the demo world need not be ready.
describe('the generated API description on the built server', async () => {
  await setupBuiltApp()

  it('serves /api/openapi.json as JSON with every route', async () => {
    const response = await fetch('/api/openapi.json')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const document = await response.json() as { openapi: string, paths: Record<string, unknown> }
    expect(document.openapi).toBe('3.1.0')
    expect(Object.keys(document.paths).sort()).toEqual([...PATHS].sort())
  })

  it('server-renders /docs/api with every route', async () => {
    const response = await fetch('/docs/api')
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('Creatorino API')
    for (const path of PATHS) expect(html).toContain(`<code>${path}</code>`)
  })

  it('answers in the documented shapes', async () => {
    expect(pingDtoSchema.parse(await (await fetch('/api/ping')).json())).toEqual({ ok: true })
    const badRequest = await fetch('/api/creators?limit=0')
    expect(badRequest.status).toBe(400)
    expect(apiErrorSchema.parse(await badRequest.json())).toMatchObject({ statusCode: 400, message: expect.stringContaining('limit:') })
  })
})
