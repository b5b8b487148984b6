import { z } from 'zod'
import { nextQuotaResetAt } from './quota-reset.ts'
import { createRetryingFetch, type RetryingFetchOptions } from './retrying-fetch.ts'
import {
  isQuotaExceeded, youtubeErrorOfFailedCall,
  YoutubeKeyInvalidError, YoutubeQuotaExceededError, YoutubeUnexpectedResponseError,
  type YoutubeEndpoint,
} from './youtube-errors.ts'

export type YoutubeApiEndpoint = Exclude<YoutubeEndpoint, 'feed'>

export interface YoutubeClientOptions extends RetryingFetchOptions {
  /** e.g. https://www.googleapis.com/youtube/v3 */
  apiBase: string
  apiKey: string
  /**
   * Called once per HTTP answer with the quota units it cost. Each answer counts, retried ones
   * too: Google charges invalid requests and we cannot tell whether it charged a 5xx, so we count
   * it (over-counting only makes a budget stop early). A quotaExceeded answer counts 0 (it is
   * refused before any work), and an attempt that got no answer counts 0. It must not throw: it
   * runs inside the HTTP call, whose failure it would become.
   */
  onUnitsSpent?: (units: number, endpoint: YoutubeApiEndpoint) => void
  /** The clock that decides when an exhausted quota resets. */
  now?: () => Date
}

export type YoutubeQuery = Record<string, string | number | undefined>

export interface YoutubeClient {
  /** One list call; the body is checked against `schema`. Throws a YoutubeApiError (or subclass). */
  list<T>(endpoint: YoutubeApiEndpoint, query: YoutubeQuery, schema: z.ZodType<T>): Promise<T>
}

/** Every list call we make costs one unit (channels, playlistItems, videos). */
const UNITS_PER_CALL = 1

export function createYoutubeClient(options: YoutubeClientOptions): YoutubeClient {
  const now = options.now ?? (() => new Date())
  const api = createRetryingFetch(options.apiBase, options)
  // Once the quota is known to be spent, calls fail here until the reset instead of asking again.
  let quotaResetsAt: Date | null = null
  const redact = (text: string) => options.apiKey ? text.replaceAll(options.apiKey, '<key>') : text

  async function list<T>(endpoint: YoutubeApiEndpoint, query: YoutubeQuery, schema: z.ZodType<T>): Promise<T> {
    if (!options.apiKey) throw new YoutubeKeyInvalidError('No YouTube API key is configured', endpoint, null, 'keyMissing')
    // status null: this refusal is ours, YouTube was not asked.
    if (quotaResetsAt && now() < quotaResetsAt) throw new YoutubeQuotaExceededError(endpoint, quotaResetsAt, null)
    let body: unknown
    try {
      body = await api(endpoint, {
        query: { ...query, key: options.apiKey },
        onResponse: ({ response }) => {
          options.onUnitsSpent?.(isQuotaExceeded(response.status, response._data) ? 0 : UNITS_PER_CALL, endpoint)
        },
      })
    }
    catch (error) {
      const failure = youtubeErrorOfFailedCall(endpoint, error, () => nextQuotaResetAt(now()), redact)
      if (failure instanceof YoutubeQuotaExceededError) quotaResetsAt = failure.resetsAt
      throw failure
    }
    const parsed = schema.safeParse(body)
    if (!parsed.success) {
      throw new YoutubeUnexpectedResponseError(`YouTube ${endpoint} answered an unexpected shape:\n${z.prettifyError(parsed.error)}`, endpoint, 200, null)
    }
    return parsed.data
  }

  return { list }
}
