import { describe, expect, it } from 'vitest'
import { useEmbeddedDatabase } from '../../embedded-database.ts'
import { useFakeYoutube } from '../../platforms/youtube/use-fake-youtube.ts'
import { SimulatedYoutubeWorld } from './simulated-youtube-world.ts'
import { simulateYoutubeSync } from './simulate-youtube-sync.ts'

const { freshDb } = useEmbeddedDatabase()
const youtube = useFakeYoutube()
const MINUTE = 60_000
// Pacific midnight: the simulated days are the quota's days.
const START = new Date('2030-05-01T07:00:00Z')
const CHANNELS = 200

describe('a simulated day of syncing', () => {
  it(`keeps ${CHANNELS} channels within 1 unit per channel-day while refreshing every channel that published in the last 48 h at every 30-minute run`, async () => {
    const db = await freshDb()
    const world = new SimulatedYoutubeWorld({ channels: CHANNELS, start: START, days: 2 })
    // Warm-up: the first run, which imports 15 videos per channel (a one-off 0.3 unit per channel).
    const report = await simulateYoutubeSync({
      db, world, fake: youtube.fake(), start: START, warmupMs: 0, days: 1,
      connect: now => onUnitsSpent => youtube.connector({ onUnitsSpent, now }),
    })
    console.info(`YouTube sync, simulated day: ${JSON.stringify(report)}`)

    expect(report.errors).toBe(0)
    expect(report.unitsPerChannelDay).toBeLessThanOrEqual(1)
    // Every 30-minute run refreshed every channel that had published in the 48 h before it…
    expect(report.activeChannelRuns).toBeGreaterThan(CHANNELS * 48 * 0.15)
    expect(report.activeChannelRunsMissed).toBe(0)
    expect(report.maxActiveStalenessMs).toBe(0)
    // …and every upload became an event within 30 minutes (15 for active channels).
    expect(report.uploadsFound).toBe(report.uploadsPublished)
    expect(report.maxUploadDelayMs).toBeLessThanOrEqual(30 * MINUTE)
  }, 300_000)
})
