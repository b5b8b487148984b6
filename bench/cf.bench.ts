/**
 * npm run bench:cf — the Workers build under `wrangler dev` (workerd, local KV) on loopback, with
 * NUXT_MONGODB_URI pointing at an in-memory embedded server holding the demo world, through a tap that
 * counts the connections and commands reaching it. Three questions:
 *  1. latency p50/p95 of the hot endpoints and a creator page answered from KV (warm) and from the
 *     database (cold: each request a cache key not asked before), and the ratio cold / warm;
 *  2. what a cold request costs on Workers, where each incoming request opens its own client (shared
 *     with the API calls a page makes while rendering): MongoDB connections and commands per request
 *     (each connection is a TCP+TLS handshake to Atlas), and that all are closed after the response;
 *  3. the bundle's compressed size (`wrangler deploy --dry-run`) against Workers' size limits.
 * Sequential requests only (one in flight), loopback only; everything started is stopped at the end.
 * Locally the database is a loopback hop away: cold latency here is the Worker's own cost, Atlas adds
 * its round trips. The local rate limiter (API_RATE_LIMITER) runs on every request; each request
 * comes from its own address (cf-connecting-ip, which wrangler dev passes through) so it never trips.
 *
 * BENCH_DB_RTT_MS=50 puts a simulated network between the Worker and the database (the tap delays each
 * message by half of it each way and a new connection by two round trips more, for TCP and TLS): cold
 * latency then includes what each connection's handshake costs, as against Atlas in another region.
 *
 * BENCH_SKIP_BUILD=1 reuses an existing Cloudflare build in .output; BENCH_WARM_SAMPLES, BENCH_COLD_SAMPLES.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { MongoClient } from 'mongodb'
import { simulateDemoWorld } from '../server/demo/index.ts'
import { startEmbeddedMongo, type EmbeddedMongo } from '../server/embedded-mongo/index.ts'
import { CREATOR_CATEGORIES, CREATOR_SORTS, TIMELINE_EVENT_TYPES } from '../shared/vocabulary.ts'
import { startMongoWireTap, type MongoWireTap } from '../tests/e2e/mongo-wire-tap.ts'
import { buildForWorkers, startWranglerDev, wranglerEnvironment, type WranglerDev } from '../tests/e2e/wrangler-dev.ts'
import { fmt, ROOT, runBenchmark, type Creator } from './bench-server.ts'

const WARM_SAMPLES = Number(process.env.BENCH_WARM_SAMPLES ?? 100)
const COLD_SAMPLES = Number(process.env.BENCH_COLD_SAMPLES ?? 40)
const DB_RTT_MS = Number(process.env.BENCH_DB_RTT_MS ?? 0)
/** Requests before any measurement, so workerd runs warm code. */
const ISOLATE_WARMUP = 30
const MIB = 1024 * 1024
/** Workers' limits on the compressed (gzip) Worker: Free, Paid. */
const SIZE_LIMITS = { free: 3 * MIB, paid: 10 * MIB }

interface Latencies { p50: number, p95: number, samples: number }

interface EndpointResult {
  name: string
  warmPath: string
  warm: Latencies
  cold: Latencies
  /** MongoDB connections and commands per cold request (none on a warm one). */
  coldConnections: number
  coldCommands: number
  warmCommands: number
  /** Server-Timing cache statuses seen, when the answer has one (API routes). */
  warmStatuses: Record<string, number>
  coldStatuses: Record<string, number>
  errors: string[]
}

// ---------------------------------------------------------------- what is started, stopped however it ends

let started: { wrangler?: WranglerDev, tap?: MongoWireTap, database?: EmbeddedMongo, client?: MongoClient, home?: string } = {}

/** Stops what was started and removes the temp dir; safe to call twice (finally and a signal). */
async function cleanup(): Promise<void> {
  const { wrangler, tap, database, client, home } = started
  started = {}
  wrangler?.stop()
  await client?.close().catch(() => {})
  await Promise.all([tap?.close(), database?.stop()])
  if (home) await rm(home, { recursive: true, force: true })
}

// ---------------------------------------------------------------- requests

let requestNumber = 0

/** One GET from an address of its own: the rate limiter is keyed by cf-connecting-ip. */
async function timedGet(baseUrl: string, path: string): Promise<{ ms: number, status: number, cache?: string, body: string }> {
  const n = ++requestNumber
  const started = performance.now()
  const response = await fetch(baseUrl + path, { headers: { 'cf-connecting-ip': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` } })
  const body = await response.text()
  const ms = performance.now() - started
  const cache = /cache;desc="?(\w+)"?/.exec(response.headers.get('server-timing') ?? '')?.[1]
  return { ms, status: response.status, cache, body }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
}

const settle = () => new Promise(resolve => setTimeout(resolve, 300))

/** Waits until every connection the worker opened is closed again (its per-request clients); a warning after 10 s. */
async function connectionsClosed(tap: MongoWireTap): Promise<void> {
  for (let waited = 0; tap.openConnections > 0 && waited < 10_000; waited += 100) await new Promise(resolve => setTimeout(resolve, 100))
  if (tap.openConnections > 0) console.log(`WARNING: ${tap.openConnections} MongoDB connections still open 10 s after the responses`)
}

async function measure(baseUrl: string, tap: MongoWireTap, paths: string[]) {
  await connectionsClosed(tap)
  const commandsBefore = tap.commands.length
  const connectionsBefore = tap.connectionsOpened
  const times: number[] = []
  const statuses: Record<string, number> = {}
  const errors: string[] = []
  for (const path of paths) {
    const answer = await timedGet(baseUrl, path)
    if (answer.status !== 200) {
      if (errors.length < 3) errors.push(`${answer.status} ${path}: ${answer.body.slice(0, 160)}`)
      continue
    }
    times.push(answer.ms)
    statuses[answer.cache ?? 'no header'] = (statuses[answer.cache ?? 'no header'] ?? 0) + 1
  }
  await settle()
  await connectionsClosed(tap)
  times.sort((a, b) => a - b)
  const count = Math.max(1, paths.length)
  return {
    latencies: { p50: times.length ? percentile(times, 0.5) : NaN, p95: times.length ? percentile(times, 0.95) : NaN, samples: times.length },
    connections: (tap.connectionsOpened - connectionsBefore) / count,
    commands: (tap.commands.length - commandsBefore) / count,
    statuses,
    errors,
  }
}

/** Asks for `path` until it is answered without opening a connection to the database: it is in KV then. */
async function untilCached(baseUrl: string, tap: MongoWireTap, path: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const opened = tap.connectionsOpened
    await timedGet(baseUrl, path)
    if (tap.connectionsOpened === opened) return
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  throw new Error(`${path} never came from KV`)
}

async function benchEndpoint(baseUrl: string, tap: MongoWireTap, name: string, warmPath: string, coldPaths: string[]): Promise<EndpointResult> {
  process.stdout.write(`  ${name}: ${coldPaths.length} cold, ${WARM_SAMPLES} warm ...\n`)
  const cold = await measure(baseUrl, tap, coldPaths)
  await untilCached(baseUrl, tap, warmPath)
  const warm = await measure(baseUrl, tap, Array.from({ length: WARM_SAMPLES }, () => warmPath))
  return {
    name,
    warmPath,
    warm: warm.latencies,
    cold: cold.latencies,
    coldConnections: cold.connections,
    coldCommands: cold.commands,
    warmCommands: warm.commands,
    warmStatuses: warm.statuses,
    coldStatuses: cold.statuses,
    errors: [...cold.errors, ...warm.errors],
  }
}

// ---------------------------------------------------------------- bundle size

async function bundleSize(home: string, config: string) {
  const outdir = join(home, 'dry-run')
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', outdir, '--config', config], { cwd: ROOT, env: wranglerEnvironment(home), maxBuffer: 16 * MIB })
  const reported = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stdout + stderr)
  const script = await readFile(join(outdir, 'index.js'))
  return {
    uploadKiB: reported ? Number(reported[1]) : NaN,
    gzipKiB: reported ? Number(reported[2]) : NaN,
    scriptBytes: script.length,
    scriptGzipBytes: gzipSync(script, { level: 9 }).length,
  }
}

// ---------------------------------------------------------------- output

const statusText = (statuses: Record<string, number>) => Object.entries(statuses).map(([status, count]) => `${count} ${status}`).join(', ')

function printResults(results: EndpointResult[], ping: Latencies): void {
  console.log(`\n## Warm (KV) vs cold (database), sequential requests; /api/ping (no KV, no database) p50 ${fmt(ping.p50, 1)} ms, p95 ${fmt(ping.p95, 1)} ms`)
  console.log('| request | warm p50 ms | warm p95 ms | cold p50 ms | cold p95 ms | cold/warm p50 | cold/warm p95 | samples warm/cold | connections per cold request | commands per cold request | commands per warm request |')
  console.log('|---|---|---|---|---|---|---|---|---|---|---|')
  for (const result of results) {
    console.log(`| ${result.name} (\`${result.warmPath}\`) | ${fmt(result.warm.p50, 1)} | ${fmt(result.warm.p95, 1)} | ${fmt(result.cold.p50, 1)} | ${fmt(result.cold.p95, 1)} | ${fmt(result.cold.p50 / result.warm.p50, 1)} | ${fmt(result.cold.p95 / result.warm.p95, 1)} | ${result.warm.samples}/${result.cold.samples} | ${fmt(result.coldConnections, 1)} | ${fmt(result.coldCommands, 1)} | ${fmt(result.warmCommands, 1)} |`)
  }
  for (const result of results) {
    const coldHits = result.coldStatuses.hit ?? 0
    const warmMisses = result.warmStatuses.miss ?? 0
    if (coldHits) console.log(`WARNING: ${result.name}: ${coldHits} cold answers were cache hits (${statusText(result.coldStatuses)})`)
    if (warmMisses || result.warmCommands > 0) console.log(`WARNING: ${result.name}: warm answers touched the database (${statusText(result.warmStatuses)}, ${fmt(result.warmCommands, 1)} commands each)`)
    for (const error of result.errors) console.log(`ERROR: ${result.name}: ${error}`)
  }
}

function printBundle(size: Awaited<ReturnType<typeof bundleSize>>): void {
  const gzipBytes = size.gzipKiB * 1024
  console.log('\n## Bundle (`wrangler deploy --dry-run`): the Worker script; static assets are uploaded apart and do not count')
  console.log('| measure | value | Free limit 3 MiB | Paid limit 10 MiB |')
  console.log('|---|---|---|---|')
  console.log(`| upload, uncompressed | ${fmt(size.uploadKiB)} KiB | | |`)
  console.log(`| upload, gzip (what the limit counts) | ${fmt(size.gzipKiB)} KiB | ${fmt(gzipBytes / SIZE_LIMITS.free * 100, 1)} % | ${fmt(gzipBytes / SIZE_LIMITS.paid * 100, 1)} % |`)
  console.log(`| index.js alone, gzip -9 here | ${fmt(size.scriptGzipBytes / 1024)} KiB of ${fmt(size.scriptBytes / 1024)} KiB | | |`)
}

// ---------------------------------------------------------------- main

function builtPreset(): string | undefined {
  try {
    return JSON.parse(readFileSync(join(ROOT, '.output/nitro.json'), 'utf8')).preset
  }
  catch {
    return undefined
  }
}

async function main(): Promise<void> {
  console.log('Workers benchmark: the cloudflare_module build under wrangler dev (workerd, local KV) on loopback, demo world in an in-memory embedded database')
  console.log(`machine: ${cpus().length} cpus (available parallelism ${availableParallelism()}), ${cpus()[0]?.model ?? 'unknown cpu'}, load avg ${loadavg().map(value => value.toFixed(2)).join(' ')}; node ${process.version}`)
  const home = started.home = await mkdtemp(join(tmpdir(), 'creatorino-bench-cf-'))

  if (process.env.BENCH_SKIP_BUILD === '1' && builtPreset() === 'cloudflare-module') {
    console.log('build: skipped (BENCH_SKIP_BUILD=1, .output is a cloudflare-module build)')
  }
  else {
    const buildStarted = performance.now()
    buildForWorkers(home)
    console.log(`build: npm run build:cf in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s`)
  }
  // A copy: another build (the Workers e2e test) may overwrite .output while we measure.
  await cp(join(ROOT, '.output'), join(home, 'output'), { recursive: true })
  const config = join(home, 'output/server/wrangler.json')

  const size = await bundleSize(home, config)

  const demoStarted = performance.now()
  const database = started.database = await startEmbeddedMongo()
  const client = started.client = new MongoClient(database.uri)
  const world = await simulateDemoWorld(client.db('creatorino'))
  const creatorCount = await client.db('creatorino').collection('creators').countDocuments()
  console.log(`database: demo world of ${creatorCount} creators, ${world.daysSimulated} days, simulated in ${((performance.now() - demoStarted) / 1000).toFixed(1)} s`)
  const tap = started.tap = await startMongoWireTap(database, { roundTripMs: DB_RTT_MS })
  console.log(DB_RTT_MS ? `network to the database: simulated, ${DB_RTT_MS} ms round trip, a new connection ${2 * DB_RTT_MS} ms more (BENCH_DB_RTT_MS)` : 'network to the database: loopback (BENCH_DB_RTT_MS=50 simulates one)')
  const wrangler = started.wrangler = await startWranglerDev({ home, config, vars: { NUXT_MONGODB_URI: tap.uri, NUXT_DEMO: 'off' } })
  const { baseUrl } = wrangler

  const creators: Creator[] = JSON.parse((await timedGet(baseUrl, '/api/creators?limit=100&sort=name')).body).items
  const [first] = creators
  if (!first) throw new Error('/api/creators returned no creator')
  for (let i = 0; i < ISOLATE_WARMUP; i++) await timedGet(baseUrl, i % 2 ? '/api/ping' : `/api/search?q=${encodeURIComponent(creators[i % creators.length]!.name.slice(0, 2))}`)
  // Server rendering too (the page's answers come from KV after the first), before the one cold home page.
  for (let i = 0; i < 5; i++) await timedGet(baseUrl, `/creators/${first.slug}?warmup=${i}`)

  const pingRun = await measure(baseUrl, tap, Array.from({ length: WARM_SAMPLES }, () => '/api/ping'))
  const others = creators.slice(1)
  const half = Math.floor(others.length / 2)
  const take = (count: number, path: (i: number) => string) => Array.from({ length: Math.min(count, COLD_SAMPLES) }, (_, i) => path(i))
  const results = [
    // First: its API answers (ranking, statistics, feed, categories) are not in KV yet, and there is
    // one key per answer, so a cold home page happens once.
    await benchEndpoint(baseUrl, tap, 'home page (HTML), first render', '/', ['/']),
    await benchEndpoint(baseUrl, tap, 'creator list', '/api/creators', take(500, i => `/api/creators?limit=${1 + (i % 100)}&sort=${CREATOR_SORTS[Math.floor(i / 100) % CREATOR_SORTS.length]}`)),
    // One key per creator: the profiles and the pages use different creators, so neither warms the other.
    await benchEndpoint(baseUrl, tap, 'creator profile', `/api/creators/${first.slug}`, take(half, i => `/api/creators/${others[i]!.slug}`)),
    await benchEndpoint(baseUrl, tap, 'activity feed', '/api/timeline/recent', take(600, i => `/api/timeline/recent?limit=${1 + ((i + 10) % 100)}${i >= 100 ? `&type=${TIMELINE_EVENT_TYPES[Math.floor(i / 100) - 1]}` : ''}`)),
    await benchEndpoint(baseUrl, tap, 'trending statistics', '/api/stats/trending', take(CREATOR_CATEGORIES.length, i => `/api/stats/trending?category=${CREATOR_CATEGORIES[i]}`)),
    await benchEndpoint(baseUrl, tap, 'creator page (HTML)', `/creators/${first.slug}`, take(others.length - half, i => `/creators/${others[half + i]!.slug}`)),
  ]

  printResults(results, pingRun.latencies)
  console.log('trending statistics has one cache key per category: its cold samples are as many as there are categories; the home page\'s answers have one key each: one cold sample.')
  console.log('Cold = first request of a key: the Worker opens its own MongoDB client (closed after the response), runs the queries and writes the answer to KV; a page also renders, and the API calls it makes (sub-requests) share its client.')
  console.log('Connections per cold request: the driver\'s server monitor has one of its own besides the one the queries use (against an Atlas replica set, one monitor per member), each a TCP+TLS handshake there.')
  printBundle(size)

  const broken = results.filter(result => result.errors.length || !(result.warm.samples && result.cold.samples))
  if (broken.length) {
    console.log(`\nERROR: could not measure: ${broken.map(result => result.name).join(', ')}`)
    process.exitCode = 1
  }
}

await runBenchmark(main, cleanup)
