/**
 * Finds a running Creatorino server and calls its admin API, for CLIs that should go through the
 * server when there is one (its caches then see the change at once) and work directly otherwise:
 *
 *   const server = await findRunningServer({ env })
 *   if (server) await callAdminApi(server, 'POST', '/api/admin/tasks/trending:compute')
 */

export interface RunningServer {
  /** Base URL without a trailing slash, e.g. http://localhost:3000. */
  url: string
  /** NUXT_ADMIN_TOKEN as this CLI knows it; undefined when unset here. */
  adminToken: string | undefined
}

export interface ServerSearch {
  env: NodeJS.ProcessEnv
  /** `--url`: only this server is probed. */
  url?: string
  timeoutMs?: number
}

const PROBE_TIMEOUT_MS = 1500

/**
 * Where a server may be listening: `--url` alone when given; else first the local port the server
 * takes (NITRO_PORT, PORT, 3000), which shares this directory's configuration and database, then
 * NUXT_PUBLIC_SITE_URL: a deployed server, e.g. on Workers, reached from anywhere.
 */
export function candidateServerUrls({ env, url }: Pick<ServerSearch, 'env' | 'url'>): string[] {
  if (url) return [baseUrlOf(url)]
  const localPort = env.NITRO_PORT || env.PORT || '3000'
  const candidates = [`http://localhost:${localPort}`, env.NUXT_PUBLIC_SITE_URL].filter((candidate): candidate is string => Boolean(candidate))
  return [...new Set(candidates.map(baseUrlOf))]
}

/** The first candidate where a Creatorino server answers GET /api/health (probed at once, each within the timeout); undefined when none does. */
export async function findRunningServer(search: ServerSearch): Promise<RunningServer | undefined> {
  const candidates = candidateServerUrls(search)
  const answers = await Promise.all(candidates.map(url => isCreatorinoServer(url, search.timeoutMs ?? PROBE_TIMEOUT_MS)))
  const url = candidates.find((_, index) => answers[index])
  return url ? { url, adminToken: search.env.NUXT_ADMIN_TOKEN || undefined } : undefined
}

/** Ours, and able to serve: /api/health answers 200 with the database engine (503 means its database is down). */
async function isCreatorinoServer(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/health`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) })
    if (!response.ok) return false
    const body = await response.json() as { engine?: unknown }
    return typeof body.engine === 'string'
  }
  catch {
    return false
  }
}

/**
 * Why an admin call failed: `no-token` (NUXT_ADMIN_TOKEN unset here), `no-admin-api` (unset on the
 * server, so it has no admin routes), `unauthorized` (the tokens differ), `rejected` (any other
 * error answer; `status` and the server's message say which), `unreachable` (no answer at all).
 */
export type AdminApiFailure = 'no-token' | 'no-admin-api' | 'unauthorized' | 'rejected' | 'unreachable'

export class AdminApiError extends Error {
  readonly failure: AdminApiFailure
  readonly status: number | undefined
  // No parameter properties: Node runs this file by stripping types, which does not rewrite them.
  constructor(failure: AdminApiFailure, message: string, status?: number) {
    super(message)
    this.name = 'AdminApiError'
    this.failure = failure
    this.status = status
  }
}

/** Calls the server's admin API with the bearer token and answers its JSON; throws AdminApiError otherwise. */
export async function callAdminApi<T>(server: RunningServer, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  if (!server.adminToken) {
    throw new AdminApiError('no-token', `A server answers at ${server.url}, but NUXT_ADMIN_TOKEN is not set here (environment or .env)`)
  }
  let response: Response
  try {
    response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${server.adminToken}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  }
  catch (error) {
    throw new AdminApiError('unreachable', `The server at ${server.url} did not answer ${method} ${path}: ${causeOf(error)}`)
  }
  const answer = await response.json().catch(() => undefined) as { message?: unknown } | undefined
  if (response.ok) return answer as T
  const message = typeof answer?.message === 'string' ? answer.message : response.statusText
  if (response.status === 401) {
    throw new AdminApiError('unauthorized', `The server at ${server.url} refused NUXT_ADMIN_TOKEN (401): the token set here is not the server's`, 401)
  }
  // h3's answer for a path no route serves, which is how a server without NUXT_ADMIN_TOKEN shows.
  if (response.status === 404 && message.startsWith('Page not found')) {
    throw new AdminApiError('no-admin-api', `The server at ${server.url} has no admin API (NUXT_ADMIN_TOKEN is not set there)`, 404)
  }
  throw new AdminApiError('rejected', `The server at ${server.url} answered ${method} ${path} with ${response.status}: ${message}`, response.status)
}

export interface ServerOrHere<T> {
  env: NodeJS.ProcessEnv
  /** `--url`: only this server, and no fallback. */
  url?: string
  /** `--direct`: never through a server. */
  direct: boolean
  /** What is done here instead, for the message when a server answers but cannot be asked, e.g. "running trending:compute". */
  doing: string
  throughServer: (server: RunningServer) => Promise<T>
  here: () => Promise<T>
}

/**
 * Through a running server's admin API when one answers (its caches then see the change at once);
 * here otherwise, and also when the server found cannot be asked (no token here, no admin API
 * there): it still learns of the change from the change journal within a minute.
 */
export async function throughServerOrHere<T>({ env, url, direct, doing, throughServer, here }: ServerOrHere<T>): Promise<T> {
  const server = direct ? undefined : await findRunningServer({ env, url })
  if (url && !server) throw new Error(`No Creatorino server answers GET ${url}/api/health.`)
  if (server) {
    try {
      return await throughServer(server)
    }
    catch (error) {
      const cannotAsk = error instanceof AdminApiError && (error.failure === 'no-token' || error.failure === 'no-admin-api')
      if (!cannotAsk || url) throw error
      process.stderr.write(`${error.message}: ${doing} here instead; the server's caches catch up within a minute.\n`)
    }
  }
  return here()
}

function baseUrlOf(url: string): string {
  return url.replace(/\/+$/, '')
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause
  return cause?.message ?? (error as Error).message
}
