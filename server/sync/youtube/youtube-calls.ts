import {
  YoutubeAccessNotConfiguredError, YoutubeKeyInvalidError, YoutubeQuotaExceededError,
  type YoutubeConnector,
} from '../../platforms/youtube/index.ts'
import type { YoutubeFeedEntry } from '../../platforms/youtube/upload-feed.ts'
import { createQuotaSpendRecorder, type YoutubeQuotaLedger } from '../youtube-quota-ledger.ts'

/**
 * Makes the run's connector: the sync hands it the per-call unit counter, so the caller only
 * passes its configuration, e.g. `onUnitsSpent => createYoutubeConnector({ ...config, onUnitsSpent })`.
 */
export type YoutubeConnectorFactory = (onUnitsSpent: (units: number) => void) => YoutubeConnector

/** Why a run makes no more YouTube calls: the project's quota is spent, or the key is refused. */
export type YoutubeStopReason = 'quota' | 'key'

export interface YoutubeCalls {
  readonly unitsSpent: number
  readonly stopReason: YoutubeStopReason | null
  /** Whole API calls this run may still make, keeping `reservedUnits` for a later step. */
  callsLeft(reservedUnits?: number): number
  /** One Data API call; throws YoutubeCallRefusedError when the budget or a stop forbids it. */
  api<T>(call: (connector: YoutubeConnector) => Promise<T>, reservedUnits?: number): Promise<T>
  /** The free upload feed; refused only after a stop. */
  feed(channelId: string): Promise<YoutubeFeedEntry[]>
  /** Waits until every unit spent is in the ledger. */
  flush(): Promise<void>
}

/** A call this run decided not to make (budget spent or calls stopped): the channel waits for a later run. */
export class YoutubeCallRefusedError extends Error {
  constructor(reason: 'budget' | YoutubeStopReason) {
    super(`YouTube call not made: ${reason === 'budget' ? 'the run\'s quota budget is spent' : reason === 'quota' ? 'the quota is exhausted' : 'the API key is refused'}`)
    this.name = 'YoutubeCallRefusedError'
  }
}

export interface YoutubeCallsOptions {
  connect: YoutubeConnectorFactory
  ledger: YoutubeQuotaLedger
  /** Units this run may spend. */
  budget: number
  /** Told once, about the error that stopped the calls. */
  onStop(error: unknown): void
}

/**
 * The run's only way to YouTube: every unit goes to the ledger as it is spent; the budget is
 * checked before each call; a quotaExceeded answer marks the ledger exhausted (for every process,
 * until the reset) and a refused key stops the calls too, since every further call would fail alike.
 */
export function createYoutubeCalls({ connect, ledger, budget, onStop }: YoutubeCallsOptions): YoutubeCalls {
  const recorder = createQuotaSpendRecorder(ledger)
  let unitsSpent = 0
  let stopReason: YoutubeStopReason | null = null
  const connector = connect((units) => {
    unitsSpent += units
    recorder.record(units)
  })

  async function stopOn(error: unknown): Promise<void> {
    if (stopReason) return
    if (error instanceof YoutubeQuotaExceededError) {
      stopReason = 'quota'
      onStop(error)
      await ledger.markExhausted(error.resetsAt)
    }
    else if (error instanceof YoutubeKeyInvalidError || error instanceof YoutubeAccessNotConfiguredError) {
      stopReason = 'key'
      onStop(error)
    }
  }

  const callsLeft = (reservedUnits = 0) => stopReason ? 0 : Math.max(0, budget - reservedUnits - unitsSpent)

  return {
    get unitsSpent() {
      return unitsSpent
    },
    get stopReason() {
      return stopReason
    },
    callsLeft,
    async api(call, reservedUnits = 0) {
      if (stopReason) throw new YoutubeCallRefusedError(stopReason)
      if (callsLeft(reservedUnits) < 1) throw new YoutubeCallRefusedError('budget')
      try {
        return await call(connector)
      }
      catch (error) {
        await stopOn(error)
        throw error
      }
    },
    async feed(channelId) {
      if (stopReason) throw new YoutubeCallRefusedError(stopReason)
      return connector.fetchUploadFeed(channelId)
    },
    flush: () => recorder.flush(),
  }
}
