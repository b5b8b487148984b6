import { FetchError, ofetch } from 'ofetch'
import { z } from 'zod'
import { twitchMessageOf } from './fetch-failures.ts'
import { withTransportRetries, type RetryTiming } from './transport-retries.ts'
import { TwitchApiError, TwitchAuthError } from './twitch-errors.ts'

export interface AppTokenSource {
  /** A valid app access token: the cached one, or a new one when it nears expiry. */
  get: () => Promise<string>
  /** Forgets `staleToken` (refused with a 401) so the next `get` fetches a new one. */
  invalidate: (staleToken: string) => void
}

export interface AppTokenOptions {
  authBase: string
  clientId: string
  clientSecret: string
  now: () => number
  timeoutMs: number
  retry: RetryTiming
}

const TOKEN_ENDPOINT = '/oauth2/token'
/** Refresh this long before expiry, so no call goes out with a token that lapses in flight. */
const REFRESH_MARGIN_MS = 5 * 60_000

const tokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
})

function tokenErrorOf(error: unknown): unknown {
  if (!(error instanceof FetchError)) return error
  const status = error.response?.status ?? null
  // id.twitch.tv answers 400 "invalid client" and 403 "invalid client secret".
  if (status === 400 || status === 401 || status === 403) {
    return new TwitchAuthError(status, `Twitch refused the client credentials: ${twitchMessageOf(error)}`, TOKEN_ENDPOINT, { cause: error })
  }
  return new TwitchApiError(status, `Could not get a Twitch app token: ${twitchMessageOf(error)}`, TOKEN_ENDPOINT, { cause: error })
}

/**
 * App access tokens by the client-credentials grant, cached until a margin before `expires_in`.
 * Calls that need a token while one is being fetched wait for that same request.
 */
export function createAppTokenSource(options: AppTokenOptions): AppTokenSource {
  let current: { token: string, refreshAt: number } | undefined
  let pending: Promise<string> | undefined

  async function requestToken(): Promise<string> {
    const requestedAt = options.now()
    const body = await withTransportRetries(() => ofetch<unknown>(TOKEN_ENDPOINT, {
      baseURL: options.authBase,
      method: 'POST',
      body: new URLSearchParams({ client_id: options.clientId, client_secret: options.clientSecret, grant_type: 'client_credentials' }),
      timeout: options.timeoutMs,
      retry: false,
    }), options.retry).catch((error: unknown) => {
      throw tokenErrorOf(error)
    })
    const answer = tokenAnswerSchema.safeParse(body)
    if (!answer.success) throw new TwitchApiError(200, `Unexpected Twitch token answer: ${z.prettifyError(answer.error)}`, TOKEN_ENDPOINT)
    const lifetimeMs = answer.data.expires_in * 1000
    current = { token: answer.data.access_token, refreshAt: requestedAt + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2) }
    return current.token
  }

  return {
    get() {
      if (current && options.now() < current.refreshAt) return Promise.resolve(current.token)
      pending ??= requestToken().finally(() => {
        pending = undefined
      })
      return pending
    },
    invalidate(staleToken) {
      // Only the token that was refused: a burst of 401s must not throw away a newer one.
      if (current?.token === staleToken) current = undefined
    },
  }
}
