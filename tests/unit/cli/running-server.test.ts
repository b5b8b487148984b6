import { describe, expect, it } from 'vitest'
import { AdminApiError, callAdminApi, candidateServerUrls, findRunningServer } from '../../../server/cli/running-server.ts'
import { freePort } from '../../e2e/free-port.ts'
import { FAKE_ADMIN_TOKEN, useFakeCreatorinoServer } from './fake-creatorino-server.ts'

const server = useFakeCreatorinoServer()
const running = () => ({ url: server.url, adminToken: FAKE_ADMIN_TOKEN })

describe('candidateServerUrls', () => {
  it.each([
    [{}, undefined, ['http://localhost:3000']],
    [{ PORT: '4000' }, undefined, ['http://localhost:4000']],
    [{ NITRO_PORT: '4100', PORT: '4000' }, undefined, ['http://localhost:4100']],
    [{ NUXT_PUBLIC_SITE_URL: 'https://creatorino.example/' }, undefined, ['http://localhost:3000', 'https://creatorino.example']],
    [{ NUXT_PUBLIC_SITE_URL: 'http://localhost:3000' }, undefined, ['http://localhost:3000']],
    [{ NUXT_PUBLIC_SITE_URL: 'https://creatorino.example' }, 'http://127.0.0.1:9000/', ['http://127.0.0.1:9000']],
  ])('env %j, --url %s: %j', (env, url, expected) => {
    expect(candidateServerUrls({ env, url })).toEqual(expected)
  })
})

describe('findRunningServer', () => {
  it('takes the first candidate where a Creatorino server answers, with the token as set here', async () => {
    const port = new URL(server.url).port
    const nowhere = String(await freePort())
    expect(await findRunningServer({ env: { PORT: port, NUXT_PUBLIC_SITE_URL: 'http://127.0.0.1:1', NUXT_ADMIN_TOKEN: 't' } }))
      .toEqual({ url: `http://localhost:${port}`, adminToken: 't' })
    expect(await findRunningServer({ env: { PORT: nowhere, NUXT_PUBLIC_SITE_URL: server.url } }))
      .toEqual({ url: server.url, adminToken: undefined })
    expect(await findRunningServer({ env: {}, url: `http://127.0.0.1:${nowhere}` })).toBeUndefined()
  })
})

describe('callAdminApi', () => {
  it('sends the bearer token and answers the JSON', async () => {
    server.reset()
    expect(await callAdminApi(running(), 'POST', '/api/admin/tasks/trending:compute')).toMatchObject({ task: 'trending:compute', run: { status: 'ok' } })
    expect(server.requests.at(-1)?.authorization).toBe(`Bearer ${FAKE_ADMIN_TOKEN}`)
  })

  it.each([
    ['no-token', { adminToken: undefined }, '/api/admin/tasks/trending:compute', 'NUXT_ADMIN_TOKEN is not set here'],
    ['unauthorized', { adminToken: 'wrong' }, '/api/admin/tasks/trending:compute', 'refused NUXT_ADMIN_TOKEN (401)'],
    ['no-admin-api', {}, '/api/admin/sync', 'has no admin API (NUXT_ADMIN_TOKEN is not set there)'],
  ])('tells %s apart', async (failure, change, path, message) => {
    const error = await callAdminApi({ ...running(), ...change }, 'POST', path).catch((error: unknown) => error)
    expect(error).toBeInstanceOf(AdminApiError)
    expect(error).toMatchObject({ failure, message: expect.stringContaining(message) })
  })

  it('passes on the server\'s own message for any other error answer', async () => {
    server.answerTasksWith(500, { statusCode: 500, message: 'Database unreachable' })
    await expect(callAdminApi(running(), 'POST', '/api/admin/tasks/trending:compute'))
      .rejects.toMatchObject({ failure: 'rejected', status: 500, message: `The server at ${server.url} answered POST /api/admin/tasks/trending:compute with 500: Database unreachable` })
    server.reset()
  })
})
