import { describe, expect, it } from 'vitest'
import { useEmbeddedDatabase } from '../../embedded-database.ts'
import { DEFAULT_TWITCH_FOLLOWER_CADENCE } from '../../../../server/sync/twitch/follower-cadence.ts'
import { DURATION_TOLERANCE_MS, HELIX_POINTS_PER_MINUTE, simulateTwitchSync, SYNC_EVERY_MS } from './simulate-twitch-sync.ts'
import { SimulatedTwitchWorld } from './simulated-twitch-world.ts'
import { useFakeTwitch } from './twitch-sync-harness.ts'

const { freshDb } = useEmbeddedDatabase()
const twitch = useFakeTwitch()
const MINUTE = 60_000
const HOUR = 60 * MINUTE
// Evening in Europe, afternoon in the Americas: many of the channels go live or end in these hours.
const START = new Date('2030-05-01T15:00:00Z')
const CHANNELS = 100

describe('simulated hours of twitch:live and twitch:sync', () => {
  it(`follows every stream of ${CHANNELS} channels within one poll and writes each finished one as a stream event, within Helix's 800 points a minute`, async () => {
    const db = await freshDb()
    const world = new SimulatedTwitchWorld({ channels: CHANNELS, start: START, days: 1 })
    const report = await simulateTwitchSync({ db, world, fake: twitch.server(), start: START, warmupMs: HOUR, measureMs: 8 * HOUR })
    console.info(`Twitch sync, simulated hours: ${JSON.stringify(report)}`)

    expect(report.errors).toBe(0)
    expect(report.refused).toBe(0)
    expect(report.pointsPerMinute.peak).toBeLessThanOrEqual(HELIX_POINTS_PER_MINUTE)
    // Every stream that lasted 10 minutes or more was seen, within a poll of its start…
    expect(report.streamed).toBeGreaterThanOrEqual(10)
    expect(report.missedLong).toBe(0)
    expect(report.maxStartDelayMs).toBeLessThanOrEqual(5 * MINUTE)
    // …and each one that ended became one stream event, its end noticed within a poll, its duration within a poll of the truth.
    expect(report.ended).toBeGreaterThanOrEqual(5)
    expect(report.endsMissed).toBe(0)
    expect(report.maxEndDelayMs).toBeLessThanOrEqual(5 * MINUTE)
    expect(report.eventsWritten).toBe(report.eventsExpected)
    expect(report.durationError.max).toBeLessThanOrEqual(DURATION_TOLERANCE_MS)
    expect(report.peakError.withinTolerance).toBe(report.peakError.judged)
    expect(report.averageError.withinTolerance).toBe(report.averageError.judged)
    expect(report.archivesMerged).toBe(report.archivesExpected)
    // Followers: an active channel's at every sync run, a quiet one's within 6 hours, each exactly Twitch's
    // when observed; every channel has its daily snapshot, and no snapshot carries a total older than it says.
    expect(report.followersWrong).toBe(0)
    expect(report.followerStaleness.active.judged).toBeGreaterThan(0)
    expect(report.followerStaleness.active.maxMs).toBeLessThanOrEqual(SYNC_EVERY_MS)
    expect(report.followerStaleness.quiet.judged).toBeGreaterThan(0)
    expect(report.followerStaleness.quiet.maxMs).toBeLessThanOrEqual(DEFAULT_TWITCH_FOLLOWER_CADENCE.everyMs.quiet)
    expect(report.followerCalls).toBeLessThan(CHANNELS * report.syncRuns)
    expect(report.followersWaiting).toBe(0)
    expect(report.snapshotDaysMissing).toBe(0)
    expect(report.snapshotsWrong).toBe(0)
  }, 120_000)
})
