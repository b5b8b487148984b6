import type { Db } from 'mongodb'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import type { TwitchAccount } from '../../../../server/db/index.ts'
import { upsertCreators, type CreatorInput } from '../../../../server/domain/index.ts'
import type { TwitchConnectorOptions } from '../../../../server/platforms/twitch/index.ts'
import { createTwitchPointsMeter } from '../../../../server/sync/twitch/index.ts'
import { startFakeTwitchServer, type FakeTwitchServer } from '../../platforms/twitch/fake-twitch-server.ts'
import { connectorFor, fakeClock, START_MS, type FakeClock } from '../../platforms/twitch/twitch-test-harness.ts'

export { START_MS }
export const MINUTE = 60_000

/** One fake Twitch server per test file, reset before each test. */
export function useFakeTwitch(): { server: () => FakeTwitchServer } {
  let server: FakeTwitchServer | undefined
  beforeAll(async () => {
    server = await startFakeTwitchServer()
  })
  afterAll(() => server?.close())
  beforeEach(() => server?.reset())
  return {
    server: () => {
      if (!server) throw new Error('useFakeTwitch() serves tests and hooks only')
      return server
    },
  }
}

/** A fake clock for both the connector (epoch ms) and the runs (Dates), plus the run options that use it. */
export function twitchRunSetup(server: FakeTwitchServer, overrides: Partial<TwitchConnectorOptions> = {}, clock: FakeClock = fakeClock()) {
  const points = createTwitchPointsMeter()
  const connector = connectorFor(server, clock, { onPointsSpent: points.record, ...overrides })
  const errors: unknown[] = []
  return {
    clock,
    errors,
    // The sync's paced follower calls wait on the clock too, apart from the connector's recorded sleeps.
    options: { connector, points, now: () => new Date(clock.now()), sleep: async (ms: number) => clock.advance(ms), reportError: (error: unknown) => void errors.push(error) },
    at: (minutes: number) => clock.advance(START_MS + minutes * MINUTE - clock.now()),
  }
}

export function twitchAccount(userId: string, login: string, overrides: Partial<TwitchAccount> = {}): TwitchAccount {
  return { userId, login, displayName: login, followers: null, videos: null, isLive: false, lastStreamAt: null, verified: false, joinedAt: new Date('2020-01-01T00:00:00Z'), ...overrides }
}

/** A creator tracked through the platform API, as the admin route would leave it. */
export function twitchCreatorInput(userId: string, login: string, overrides: Partial<CreatorInput> = {}, account: Partial<TwitchAccount> = {}): CreatorInput {
  return {
    name: login, description: '', category: 'gaming', avatarUrl: '', bannerUrl: '',
    platforms: { twitch: twitchAccount(userId, login, account) },
    dataSource: 'platform-api',
    ...overrides,
  }
}

/** Seeds the creators an hour before the fake clock starts; returns their ids in order. */
export async function seedCreators(db: Db, inputs: CreatorInput[]): Promise<string[]> {
  const results = await upsertCreators(db, inputs, { at: new Date(START_MS - 60 * MINUTE) })
  return results.map(result => result.creatorId)
}
