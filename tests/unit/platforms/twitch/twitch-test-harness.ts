import { createTwitchConnector, type TwitchConnectorOptions } from '../../../../server/platforms/twitch/index.ts'
import type { FakeTwitchServer } from './fake-twitch-server.ts'

/** 2026-11-20T12:00:00Z: a whole second, so Ratelimit-Reset (epoch seconds) lines up with it. */
export const START_MS = Date.UTC(2026, 10, 20, 12)

/** A clock that only moves when told to, or when a wait is "slept" (which returns at once). */
export function fakeClock(startMs = START_MS) {
  let nowMs = startMs
  const sleeps: number[] = []
  return {
    now: () => nowMs,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      nowMs += ms
    },
    advance: (ms: number) => {
      nowMs += ms
    },
    sleeps,
  }
}
export type FakeClock = ReturnType<typeof fakeClock>

/** A connector wired to the fake server, with the fake clock and a tiny, predictable backoff. */
export function connectorFor(server: FakeTwitchServer, clock: FakeClock, overrides: Partial<TwitchConnectorOptions> = {}) {
  return createTwitchConnector({
    apiBase: server.apiBase,
    authBase: server.authBase,
    clientId: server.clientId,
    clientSecret: server.clientSecret,
    now: clock.now,
    sleep: clock.sleep,
    // Backoff = floor(0.5 × 2 × 2^(n-1)) ms: 1, 2, 4.
    random: () => 0.5,
    retryBaseMs: 2,
    timeoutMs: 2000,
    ...overrides,
  })
}

/** The Bearer token each recorded request to `path` carried. */
export function bearersOf(server: FakeTwitchServer, path: string): string[] {
  return server.requestsTo(path).map(request => request.headers.authorization?.replace('Bearer ', '') ?? '')
}
