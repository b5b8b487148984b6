import { YoutubeUnexpectedResponseError, type YoutubeConnector } from '../../platforms/youtube/index.ts'
import type { YoutubeCalls } from './youtube-calls.ts'

export interface IsolatedFetch<T> {
  items: T[]
  /** Ids whose call failed, with the error; a malformed item is narrowed down to its own id. */
  failed: Array<{ ids: string[], error: unknown }>
  /** Ids not asked: the budget ran out or the calls stopped. */
  unasked: string[]
}

/**
 * One batched list call (≤ 50 ids). A list answer is checked as a whole, so one malformed item
 * would sink its 49 neighbours: such a batch is split in halves and asked again, down to the
 * item at fault (about 2·log₂ 50 ≈ 12 extra units, once per malformed channel and run).
 * Other failures (network, 5xx after retries, 4xx) fail the batch as it is.
 */
export async function fetchIsolatingFailures<T>(
  calls: YoutubeCalls,
  ids: string[],
  fetch: (connector: YoutubeConnector, ids: string[]) => Promise<T[]>,
  reservedUnits = 0,
): Promise<IsolatedFetch<T>> {
  const result: IsolatedFetch<T> = { items: [], failed: [], unasked: [] }
  async function attempt(part: string[]): Promise<void> {
    if (calls.callsLeft(reservedUnits) < 1) {
      result.unasked.push(...part)
      return
    }
    try {
      result.items.push(...await calls.api(connector => fetch(connector, part), reservedUnits))
    }
    catch (error) {
      if (calls.stopReason) result.unasked.push(...part)
      else if (error instanceof YoutubeUnexpectedResponseError && part.length > 1) {
        const middle = Math.ceil(part.length / 2)
        await attempt(part.slice(0, middle))
        await attempt(part.slice(middle))
      }
      else result.failed.push({ ids: part, error })
    }
  }
  await attempt(ids)
  return result
}
