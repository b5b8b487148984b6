import { FetchError, ofetch } from 'ofetch'
import { z } from 'zod'
import { backoffDelayMs } from '../retry-policy.ts'
import type { AppTokenSource } from './app-token.ts'
import { failedStatusOf, twitchMessageOf } from './fetch-failures.ts'
import type { RateLimitGate } from './rate-limit-gate.ts'
import { withTransportRetries, type RetryTiming } from './transport-retries.ts'
import { TwitchApiError, TwitchAuthError, TwitchRateLimitedError } from './twitch-errors.ts'

export type HelixQuery = Record<string, string | number | readonly string[] | undefined>

export interface HelixClient {
  /** GETs a Helix endpoint (`/users`) and validates the answer against `schema`. */
  get: <T>(endpoint: string, query: HelixQuery, schema: z.ZodType<T>) => Promise<T>
  /** POSTs a JSON body (creating an EventSub subscription) and validates the answer. */
  post: <T>(endpoint: string, body: Record<string, unknown>, schema: z.ZodType<T>) => Promise<T>
  /** DELETEs (Twitch answers 204 and no body). */
  delete: (endpoint: string, query: HelixQuery) => Promise<void>
}

interface HelixRequest {
  method: 'GET' | 'POST' | 'DELETE'
  endpoint: string
  query?: HelixQuery
  body?: Record<string, unknown>
}

export interface HelixClientOptions {
  apiBase: string
  clientId: string
  appToken: AppTokenSource
  gate: RateLimitGate
  retry: RetryTiming
  timeoutMs: number
  /** Called for every answered Helix request, retries included: they spend points too. */
  onPointsSpent?: (points: number, endpoint: string) => void
}

/** Every endpoint the connector calls costs the default 1 point. */
const POINTS_PER_CALL = 1
/** 429s in a row before giving up on a call: Twitch also sends them with points left. */
const RATE_LIMIT_RETRIES = 3

function twitchErrorOf(error: unknown, endpoint: string): unknown {
  if (!(error instanceof FetchError)) return error
  const status = error.response?.status ?? null
  const message = twitchMessageOf(error)
  if (status === 401) return new TwitchAuthError(status, `Twitch refused a fresh app token: ${message}`, endpoint, { cause: error })
  if (status === 429) return new TwitchRateLimitedError(null, `Twitch kept answering 429: ${message}`, endpoint)
  return new TwitchApiError(status, `Twitch ${endpoint} failed${status === null ? '' : ` with ${status}`}: ${message}`, endpoint, { cause: error })
}

/**
 * Helix calls with the Client-Id and app token, within the rate limit: transient failures are
 * retried with backoff, a 401 gets one new token and one more try, a 429 waits for the reset.
 */
export function createHelixClient(options: HelixClientOptions): HelixClient {
  const { appToken, gate, retry } = options
  const fetcher = ofetch.create({
    baseURL: options.apiBase,
    headers: { 'Client-Id': options.clientId, 'Accept': 'application/json' },
    timeout: options.timeoutMs,
    retry: false,
  })

  function send({ method, endpoint, query, body }: HelixRequest, token: string): Promise<unknown> {
    return withTransportRetries(async () => {
      await gate.awaitCapacity(endpoint)
      return fetcher<unknown>(endpoint, {
        method,
        query,
        body,
        headers: { Authorization: `Bearer ${token}` },
        onResponse: ({ response }) => {
          gate.observe(response.headers)
          options.onPointsSpent?.(POINTS_PER_CALL, endpoint)
        },
      })
    }, retry)
  }

  async function answerOf(request: HelixRequest): Promise<unknown> {
    const { endpoint } = request
    let refreshedToken = false
    let refusals = 0
    for (;;) {
      const token = await appToken.get()
      try {
        return await send(request, token)
      }
      catch (error) {
        const status = failedStatusOf(error)
        if (status === 401 && !refreshedToken) {
          refreshedToken = true
          appToken.invalidate(token)
          continue
        }
        if (status === 429 && refusals < RATE_LIMIT_RETRIES) {
          refusals++
          await gate.waitAfterRefusal(endpoint, backoffDelayMs(refusals, retry.random, retry.baseMs))
          continue
        }
        throw twitchErrorOf(error, endpoint)
      }
    }
  }

  async function validated<T>(request: HelixRequest, schema: z.ZodType<T>): Promise<T> {
    const answer = schema.safeParse(await answerOf(request))
    if (!answer.success) throw new TwitchApiError(200, `Unexpected answer from Twitch ${request.endpoint}: ${z.prettifyError(answer.error)}`, request.endpoint)
    return answer.data
  }

  return {
    get: (endpoint, query, schema) => validated({ method: 'GET', endpoint, query }, schema),
    post: (endpoint, body, schema) => validated({ method: 'POST', endpoint, body }, schema),
    async delete(endpoint, query) {
      await answerOf({ method: 'DELETE', endpoint, query })
    },
  }
}
