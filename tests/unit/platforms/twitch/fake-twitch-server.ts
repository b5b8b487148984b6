import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { twitchFixture } from './twitch-fixtures.ts'

/** What the fake answers to one request. */
export interface FakeAnswer {
  status?: number
  body?: unknown
  /** Override the default Ratelimit-* headers, or add others. */
  headers?: Record<string, string>
  /** Cut the connection without answering, like a network failure. */
  destroySocket?: boolean
  delayMs?: number
}

export interface RecordedRequest {
  method: string
  /** Like `/helix/users` or `/oauth2/token`. */
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: string
}

export type FakeRoute = (request: RecordedRequest) => FakeAnswer

export interface PointsBucketOptions {
  /** The bucket's clock (epoch ms): a simulation passes its own. */
  now: () => number
  /** Points the bucket holds, and refills per minute; Helix's 800 by default. */
  size?: number
}

export interface EndpointUsage {
  calls: number
  /** Points taken: a call refused with 429 takes none. */
  points: number
  refused: number
}

/** Helix calls the fake answered (token requests and 401s aside), on the bucket's clock. */
export interface HelixUsage {
  byPath: Map<string, EndpointUsage>
  /** Points taken per minute, keyed by the minute's start (epoch ms). */
  pointsByMinute: Map<number, number>
  callsByMinute: Map<number, number>
}

export interface FakeTwitchServerOptions {
  clientId?: string
  clientSecret?: string
  /** `expires_in` of issued tokens, in seconds; the real example's value by default. */
  tokenExpiresIn?: number
  /** Ratelimit-Reset sent by default, in epoch seconds; a minute from now by default. */
  rateLimitReset?: () => number
}

export interface FakeTwitchServer {
  apiBase: string
  authBase: string
  clientId: string
  clientSecret: string
  /** Every request received, token requests included, in order. */
  requests: RecordedRequest[]
  requestsTo: (path: string) => RecordedRequest[]
  /** Tokens issued since the last reset, named `fake-token-1`, `fake-token-2`… */
  tokensIssued: () => number
  /** Replaces the default handler of a path (`/helix/streams`). */
  route: (path: string, handler: FakeRoute) => void
  /** One-shot answers for a path, used in order before its handler (Helix ones after the auth check). */
  enqueue: (path: string, ...answers: FakeAnswer[]) => void
  /** Makes every issued token invalid, as when Twitch revokes or expires them. */
  revokeTokens: () => void
  /**
   * From now on, keeps a points bucket like Helix's: `size` points refilled continuously at `size`
   * per minute on `now`'s clock, 1 point a call, a 429 when it is empty, and Ratelimit-* headers
   * that tell its level and when it is full again.
   */
  limitPoints: (bucket: PointsBucketOptions) => void
  /** Calls and points since the last `clearUsage` (or reset). */
  usage: () => HelixUsage
  clearUsage: () => void
  /** Forgets requests, queued answers, routes, tokens, the bucket and the usage. */
  reset: () => void
  close: () => Promise<void>
}

const FIXTURE_USER_ID = '141981764'

/** Users for the requested ids and logins: the real TwitchDev fixture for its id/login, generated otherwise. */
export function fakeUsersAnswer(request: RecordedRequest): FakeAnswer {
  const [twitchDev] = twitchFixture('twitch-helix.users.json').data
  const userFor = (id: string, login: string) => id === FIXTURE_USER_ID || login === twitchDev.login
    ? twitchDev
    : { ...twitchDev, id, login, display_name: login.toUpperCase(), broadcaster_type: '', offline_image_url: '', description: `Generated user ${id}` }
  const data = [
    ...request.query.getAll('id').map(id => userFor(id, `user_${id}`)),
    ...request.query.getAll('login').map(login => userFor(`id_${login}`, login)),
  ]
  return { body: { data } }
}

function defaultRoutes(): Map<string, FakeRoute> {
  return new Map<string, FakeRoute>([
    ['/helix/users', fakeUsersAnswer],
    ['/helix/streams', () => ({ body: { data: [], pagination: {} } })],
    ['/helix/videos', () => ({ body: { data: [], pagination: {} } })],
    ['/helix/channels/followers', () => ({ body: twitchFixture('twitch-helix.channels.followers.user_id.json') })],
  ])
}

function emptyUsage(): HelixUsage {
  return { byPath: new Map(), pointsByMinute: new Map(), callsByMinute: new Map() }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

/**
 * A local stand-in for id.twitch.tv and api.twitch.tv/helix: issues client-credentials tokens,
 * checks Client-Id and Bearer on Helix calls like Twitch (401 with Twitch's own bodies), sends
 * Ratelimit headers, and serves scripted answers. Listens on 127.0.0.1, on a free port.
 */
export async function startFakeTwitchServer(options: FakeTwitchServerOptions = {}): Promise<FakeTwitchServer> {
  const clientId = options.clientId ?? 'fake-client-id'
  const clientSecret = options.clientSecret ?? 'fake-client-secret'
  const rateLimitReset = options.rateLimitReset ?? (() => Math.ceil(Date.now() / 1000) + 60)
  const requests: RecordedRequest[] = []
  const queues = new Map<string, FakeAnswer[]>()
  let routes = defaultRoutes()
  let validTokens = new Set<string>()
  let issued = 0
  let helixCalls = 0
  let bucket: { now: () => number, size: number, level: number, filledAt: number } | undefined
  let usage = emptyUsage()

  function issueToken(request: RecordedRequest): FakeAnswer {
    const form = new URLSearchParams(request.body)
    // id.twitch.tv's own answers to a wrong client id and a wrong secret.
    if (form.get('client_id') !== clientId) return { status: 400, body: { status: 400, message: 'invalid client' } }
    if (form.get('client_secret') !== clientSecret) return { status: 403, body: { status: 403, message: 'invalid client secret' } }
    if (form.get('grant_type') !== 'client_credentials') return { status: 400, body: { status: 400, message: 'unsupported grant type' } }
    const token = `fake-token-${++issued}`
    validTokens.add(token)
    return { body: { ...twitchFixture('twitch-oauth2.token.client_credentials.json'), access_token: token, expires_in: options.tokenExpiresIn ?? 5011271 } }
  }

  function helixAuthFailure(request: RecordedRequest): FakeAnswer | undefined {
    const authorization = request.headers.authorization
    if (!authorization?.startsWith('Bearer ')) return { status: 401, body: twitchFixture('twitch-error.401.json') }
    if (!validTokens.has(authorization.slice('Bearer '.length))) return { status: 401, body: twitchFixture('twitch-error.401.invalid_token.json') }
    if (request.headers['client-id'] !== clientId) return { status: 401, body: { error: 'Unauthorized', status: 401, message: 'Client ID and OAuth token do not match' } }
    return undefined
  }

  /** Takes a point from the bucket when `take` and it holds one; the headers tell what is left either way. */
  function spendPoint(take: boolean): { taken: boolean, headers: Record<string, string> } {
    if (!bucket) return { taken: take, headers: { 'Ratelimit-Limit': '800', 'Ratelimit-Remaining': String(Math.max(0, 800 - helixCalls)), 'Ratelimit-Reset': String(rateLimitReset()) } }
    const now = bucket.now()
    const perMs = bucket.size / 60_000
    bucket.level = Math.min(bucket.size, bucket.level + Math.max(0, now - bucket.filledAt) * perMs)
    bucket.filledAt = Math.max(bucket.filledAt, now)
    const taken = take && bucket.level >= 1
    if (taken) bucket.level -= 1
    const fullAt = now + (bucket.size - bucket.level) / perMs
    return { taken, headers: { 'Ratelimit-Limit': String(bucket.size), 'Ratelimit-Remaining': String(Math.floor(bucket.level)), 'Ratelimit-Reset': String(Math.ceil(fullAt / 1000)) } }
  }

  function recordUsage(path: string, taken: boolean): void {
    const minute = Math.floor((bucket?.now() ?? Date.now()) / 60_000) * 60_000
    const endpoint = usage.byPath.get(path) ?? { calls: 0, points: 0, refused: 0 }
    usage.byPath.set(path, { calls: endpoint.calls + 1, points: endpoint.points + (taken ? 1 : 0), refused: endpoint.refused + (taken ? 0 : 1) })
    usage.callsByMinute.set(minute, (usage.callsByMinute.get(minute) ?? 0) + 1)
    if (taken) usage.pointsByMinute.set(minute, (usage.pointsByMinute.get(minute) ?? 0) + 1)
  }

  function answerFor(request: RecordedRequest): FakeAnswer {
    const queued = () => queues.get(request.path)?.shift()
    if (request.path === '/oauth2/token' && request.method === 'POST') return queued() ?? issueToken(request)
    if (!request.path.startsWith('/helix/')) return { status: 404, body: { error: 'Not Found', status: 404, message: '' } }
    helixCalls++
    const authFailure = helixAuthFailure(request)
    const { taken, headers } = spendPoint(authFailure === undefined)
    if (!authFailure) recordUsage(request.path, taken)
    const answer: FakeAnswer = authFailure ?? (taken
      ? queued() ?? routes.get(request.path)?.(request) ?? { status: 404, body: { error: 'Not Found', status: 404, message: '' } }
      : { status: 429, body: twitchFixture('twitch-error.429.json') })
    return { ...answer, headers: { ...headers, ...answer.headers } }
  }

  async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1')
    const request: RecordedRequest = { method: incoming.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: incoming.headers, body: await readBody(incoming) }
    requests.push(request)
    const answer = answerFor(request)
    if (answer.delayMs) await new Promise(resolve => setTimeout(resolve, answer.delayMs))
    if (answer.destroySocket) {
      incoming.socket.destroy()
      return
    }
    outgoing.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', ...answer.headers })
    outgoing.end(answer.body === undefined ? '' : JSON.stringify(answer.body))
  }

  const server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch(() => incoming.socket.destroy())
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    apiBase: `${origin}/helix`,
    authBase: origin,
    clientId,
    clientSecret,
    requests,
    requestsTo: path => requests.filter(request => request.path === path),
    tokensIssued: () => issued,
    route: (path, handler) => void routes.set(path, handler),
    enqueue: (path, ...answers) => void queues.set(path, [...(queues.get(path) ?? []), ...answers]),
    revokeTokens: () => validTokens.clear(),
    limitPoints({ now, size = 800 }) {
      bucket = { now, size, level: size, filledAt: now() }
    },
    usage: () => usage,
    clearUsage() {
      usage = emptyUsage()
    },
    reset() {
      requests.length = 0
      queues.clear()
      routes = defaultRoutes()
      validTokens = new Set()
      issued = 0
      helixCalls = 0
      bucket = undefined
      usage = emptyUsage()
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections()
      server.close(error => (error ? reject(error) : resolve()))
    }),
  }
}
