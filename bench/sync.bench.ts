/**
 * npm run bench:sync — a simulated stretch of the YouTube sync schedule (youtube:sync at :00/:30,
 * youtube:uploads at :15/:45) for BENCH_CHANNELS channels (default 1,000) with realistic publishing
 * habits (20 % daily, 35 % weekly, 25 % monthly, 20 % dormant), against the fake YouTube server on
 * 127.0.0.1 and an in-memory embedded database, on a clock that jumps 15 minutes a step. After a
 * warm-up day (the first run imports each channel's feed history), one day is measured.
 * Target (issue 6): <= 1 YouTube unit per channel-day while every channel that published in the
 * last 48 h is refreshed at every 30-minute run. Twitch is not simulated here yet.
 */
import { MongoClient } from 'mongodb'
import { ensureIndexes } from '../server/db/index.ts'
import { startEmbeddedMongo } from '../server/embedded-mongo/index.ts'
import { createYoutubeConnector } from '../server/platforms/youtube/index.ts'
import { startFakeYoutubeServer } from '../tests/unit/platforms/youtube/fake-youtube-server.ts'
import { simulateYoutubeSync } from '../tests/unit/sync/youtube/simulate-youtube-sync.ts'
import { SimulatedYoutubeWorld } from '../tests/unit/sync/youtube/simulated-youtube-world.ts'

const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 1000)
const KEY = 'bench-key'
// Pacific midnight: the simulated days are the quota's days.
const START = new Date('2030-05-01T07:00:00Z')
const DAY_MS = 86_400_000
const TARGET_UNITS_PER_CHANNEL_DAY = 1

const database = await startEmbeddedMongo()
const client = await new MongoClient(database.uri).connect()
const fake = await startFakeYoutubeServer({ apiKey: KEY })
try {
  const db = client.db('bench_sync')
  await ensureIndexes(db)
  const world = new SimulatedYoutubeWorld({ channels: CHANNELS, start: START, days: 3 })
  console.log(`YouTube sync, ${CHANNELS.toLocaleString('en')} channels: one warm-up day, then one measured day (Node ${process.version}) ...`)
  const report = await simulateYoutubeSync({
    db, world, fake, start: START, warmupMs: DAY_MS, days: 1,
    connect: now => onUnitsSpent => createYoutubeConnector({ apiBase: fake.apiBase, feedBase: fake.feedBase, apiKey: KEY, retryBaseMs: 1, onUnitsSpent, now }),
  })
  const verdict = report.unitsPerChannelDay <= TARGET_UNITS_PER_CHANNEL_DAY && report.activeChannelRunsMissed === 0 ? 'OK' : 'MISS'
  console.log('| measure | value |')
  console.log('|---|---|')
  console.log(`| units per channel-day | ${report.unitsPerChannelDay.toFixed(3)} (target <= ${TARGET_UNITS_PER_CHANNEL_DAY}; ratio ${(report.unitsPerChannelDay / TARGET_UNITS_PER_CHANNEL_DAY).toFixed(2)}) |`)
  console.log(`| active channels not refreshed at a 30-minute run | ${report.activeChannelRunsMissed} of ${report.activeChannelRuns} (target 0) |`)
  console.log(`| longest staleness of an active channel | ${(report.maxActiveStalenessMs / 60_000).toFixed(0)} min |`)
  console.log(`| uploads found / published | ${report.uploadsFound} / ${report.uploadsPublished}, longest delay ${(report.maxUploadDelayMs / 60_000).toFixed(0)} min |`)
  console.log(`| API calls per minute / feed reads per minute | ${report.apiCallsPerMinute.toFixed(2)} / ${report.feedReadsPerMinute.toFixed(1)} |`)
  console.log(`| errors | ${report.errors} |`)
  console.log(`| wall time (warm-up and measured day) | ${(report.wallTimeMs / 1000).toFixed(0)} s |`)
  console.log(`verdict: ${verdict}`)
}
finally {
  await client.close()
  await fake.close()
  await database.stop()
}
