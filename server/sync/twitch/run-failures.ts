import { TwitchApiError, TwitchAuthError, TwitchRateLimitedError } from '../../platforms/twitch/index.ts'

export interface RunFailures {
  readonly count: number
  /** Credentials were refused or the rate limit would hold the run too long: make no more Twitch calls. */
  readonly stopped: boolean
  /** Counts and reports an error the run survives. */
  note: (error: unknown) => void
  /** Runs one Twitch call; its Twitch failure is noted and gives undefined. Other errors (the database) end the run. */
  attempt: <T>(call: () => Promise<T>) => Promise<T | undefined>
}

export function createRunFailures(reportError: ((error: unknown) => void) | undefined, signal?: AbortSignal): RunFailures {
  let count = 0
  let stopped = false
  const note = (error: unknown) => {
    count += 1
    reportError?.(error)
    if (error instanceof TwitchAuthError || error instanceof TwitchRateLimitedError) stopped = true
  }
  return {
    get count() {
      return count
    },
    get stopped() {
      return stopped || (signal?.aborted ?? false)
    },
    note,
    async attempt(call) {
      try {
        return await call()
      }
      catch (error) {
        if (!(error instanceof TwitchApiError)) throw error
        note(error)
        return undefined
      }
    },
  }
}
