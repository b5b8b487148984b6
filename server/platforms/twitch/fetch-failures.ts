import { FetchError } from 'ofetch'
import { RETRYABLE_STATUS_CODES } from '../retry-policy.ts'

/** The status of the answer behind a failed call; undefined when no answer came. */
export function failedStatusOf(error: unknown): number | undefined {
  return error instanceof FetchError ? error.response?.status : undefined
}

/** A failure worth retrying as is: no answer at all (network, timeout), or a 408/5xx. */
export function isTransientFailure(error: unknown): boolean {
  if (!(error instanceof FetchError)) return false
  const status = error.response?.status
  return status === undefined || RETRYABLE_STATUS_CODES.includes(status)
}

/** Twitch's own explanation (`{ "message": … }` in Helix and id.twitch.tv errors), else the transport's. */
export function twitchMessageOf(error: FetchError): string {
  const body: unknown = error.data
  if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') return body.message
  const cause = error.cause instanceof Error ? error.cause.message : undefined
  return cause ?? error.message
}
