import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { afterAll, beforeAll } from 'vitest'

export interface ReceivedRequest {
  method: string
  path: string
  authorization: string | undefined
  /** The JSON body, when the request had one. */
  body?: unknown
}

export interface FakeCreatorinoServer {
  readonly url: string
  /** Every request since the last `reset`. */
  readonly requests: ReceivedRequest[]
  /** What POST /api/admin/tasks/:name answers next (status and JSON body); the default is a run with `{ rankings: 42 }`. */
  answerTasksWith(status: number, body: unknown): void
  reset(): void
}

export const FAKE_ADMIN_TOKEN = 'test-admin-token'

/** A run as the admin API answers it (dates as JSON strings). */
export function answeredRun(task: string, overrides: Record<string, unknown> = {}) {
  return {
    task,
    run: {
      task, runner: 'run_fake', startedAt: '2026-11-26T12:00:00.000Z', finishedAt: '2026-11-26T12:00:01.250Z',
      durationMs: 1250, status: 'ok', result: { rankings: 42 }, errors: [], errorCount: 0, ...overrides,
    },
  }
}

/** What POST /api/admin/creators answers: the creator made from the request. */
export const TRACKED_ANSWER = { creatorId: 'cr_fake0000000001', slug: 'google', url: '/creators/google', status: 'created' }

async function jsonBodyOf(request: IncomingMessage): Promise<unknown> {
  let text = ''
  for await (const chunk of request) text += chunk
  return text ? JSON.parse(text) : undefined
}

/**
 * A stand-in for a running Creatorino server on 127.0.0.1, for the file's tests: /api/health as
 * the real one answers it, and the admin task and tracking routes behind FAKE_ADMIN_TOKEN.
 */
export function useFakeCreatorinoServer(): FakeCreatorinoServer {
  const requests: ReceivedRequest[] = []
  let taskAnswer: { status: number, body: unknown } | undefined
  let url = ''
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/'
    const body = await jsonBodyOf(request)
    requests.push({ method: request.method ?? '', path, authorization: request.headers.authorization, ...(body !== undefined && { body }) })
    const send = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    if (request.method === 'GET' && path === '/api/health') return send(200, { status: 'ok', engine: 'embedded', database: 'creatorino' })
    const task = /^\/api\/admin\/tasks\/([^/]+)$/.exec(path)?.[1]
    const tracking = path === '/api/admin/creators'
    if (request.method === 'POST' && (task || tracking)) {
      if (request.headers.authorization !== `Bearer ${FAKE_ADMIN_TOKEN}`) {
        return send(401, { statusCode: 401, statusMessage: 'Unauthorized', message: 'authorization: a valid "Bearer <NUXT_ADMIN_TOKEN>" header is required' })
      }
      if (tracking) return send(201, TRACKED_ANSWER)
      return taskAnswer ? send(taskAnswer.status, taskAnswer.body) : send(200, answeredRun(task!))
    }
    send(404, { statusCode: 404, message: `Page not found: ${path}` })
  })
  beforeAll(async () => {
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())))
  return {
    get url() {
      return url
    },
    requests,
    answerTasksWith(status, body) {
      taskAnswer = { status, body }
    },
    reset() {
      requests.length = 0
      taskAnswer = undefined
    },
  }
}
