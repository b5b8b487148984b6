/**
 * What the benchmarks share: build the Node server, start a copy of it on loopback with a fresh data
 * directory (the demo world, embedded database), wait until it is healthy, and stop it again leaving
 * nothing behind. Used by bench/api.bench.ts and bench/web.bench.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs'
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../tests/e2e/free-port.ts'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** High enough never to trip: the limiter still runs on every request, as in production. */
export const RATE_LIMIT_PER_MINUTE = 1_000_000_000
const HEALTH_TIMEOUT_MS = 180_000

export interface Creator { id: string, slug: string, name: string }

export interface Server {
  child: ChildProcess
  baseUrl: string
  tempDir: string
  logPath: string
  errPath: string
}

let running: { child?: ChildProcess, tempDir?: string } = {}

/** Kills the server and removes the temp dir; safe to call twice (finally and a signal). */
export async function cleanup(): Promise<void> {
  const { child, tempDir } = running
  running = {}
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise(resolve => child.once('exit', resolve))
    child.kill('SIGTERM')
    // A server stuck in shutdown must not keep the benchmark (or its temp dir) alive.
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }
  if (tempDir) await rm(tempDir, { recursive: true, force: true })
}

function builtPreset(outputDir: string): string | undefined {
  try {
    return JSON.parse(readFileSync(join(outputDir, 'nitro.json'), 'utf8')).preset
  }
  catch {
    return undefined
  }
}

/** `nuxt build` with Node 24 explicitly (npx on PATH could find the system's older Node), Node preset. */
export async function build(): Promise<void> {
  const entry = join(ROOT, '.output/server/index.mjs')
  const preset = builtPreset(join(ROOT, '.output'))
  if (process.env.BENCH_SKIP_BUILD === '1' && existsSync(entry) && preset === 'node-server') {
    console.log('build: skipped (BENCH_SKIP_BUILD=1, .output is a node-server build)')
    return
  }
  if (process.env.BENCH_SKIP_BUILD === '1') console.log(`build: BENCH_SKIP_BUILD=1 but .output is ${preset ? `a ${preset} build` : 'missing'}: building`)
  const env: NodeJS.ProcessEnv = { ...process.env, NUXT_TELEMETRY_DISABLED: '1' }
  // A NITRO_PRESET left in the shell (the Workers build) would produce something `node` cannot start.
  delete env.NITRO_PRESET
  const started = performance.now()
  const child = spawn(process.execPath, ['node_modules/nuxt/bin/nuxt.mjs', 'build'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk) => {
    output += chunk
  })
  child.stderr!.on('data', (chunk) => {
    output += chunk
  })
  const code = await new Promise<number | null>(resolve => child.once('exit', resolve))
  if (code !== 0) throw new Error(`nuxt build failed (exit ${code}):\n${output.slice(-4000)}`)
  console.log(`build: nuxt build in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}

/**
 * Starts a copy of .output from a new temp dir (named `<tempPrefix>XXXXXX`): other builds (the Workers
 * e2e test writes .output too) may run while we measure, and Nitro loads route chunks lazily, from
 * disk, on first request. `extraEnv` gets the server's origin (the port is chosen here).
 */
export async function startServer(tempPrefix: string, extraEnv: (baseUrl: string) => NodeJS.ProcessEnv = () => ({})): Promise<Server> {
  const tempDir = await mkdtemp(join(tmpdir(), tempPrefix))
  running.tempDir = tempDir
  const outputDir = join(tempDir, 'output')
  await cp(join(ROOT, '.output'), outputDir, { recursive: true })
  const preset = builtPreset(outputDir)
  if (preset !== 'node-server') throw new Error(`.output is a ${preset} build, not node-server (another build overwrote it?)`)

  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const logPath = join(tempDir, 'server.log')
  const errPath = join(tempDir, 'server.err.log')
  const out = openSync(logPath, 'a')
  const err = openSync(errPath, 'a')
  const child = spawn(process.execPath, [join(outputDir, 'server/index.mjs')], {
    cwd: tempDir,
    env: {
      ...process.env,
      NUXT_DATA_DIR: join(tempDir, 'data'),
      NUXT_MONGODB_URI: '',
      NUXT_DEMO: '',
      NUXT_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE),
      HOST: '127.0.0.1',
      PORT: String(port),
      NODE_ENV: 'production',
      ...extraEnv(baseUrl),
    },
    stdio: ['ignore', out, err],
  })
  closeSync(out)
  closeSync(err)
  running.child = child
  return { child, baseUrl, tempDir, logPath, errPath }
}

export async function tail(path: string, chars = 3000): Promise<string> {
  return (await readFile(path, 'utf8').catch(() => '')).slice(-chars)
}

/** The first start simulates the demo world (~20-40 s); /api/health says `ok` once it is there. */
export async function waitForHealthy(server: Server): Promise<number> {
  const started = performance.now()
  let last = 'no answer yet'
  while (performance.now() - started < HEALTH_TIMEOUT_MS) {
    if (server.child.exitCode !== null) {
      throw new Error(`server exited with ${server.child.exitCode} before it was healthy:\n${await tail(server.errPath)}\n${await tail(server.logPath)}`)
    }
    try {
      const response = await fetch(`${server.baseUrl}/api/health`)
      const body = await response.json() as { status?: string }
      if (body.status === 'ok') return (performance.now() - started) / 1000
      last = `${response.status} status=${body.status}`
    }
    catch (error) {
      last = (error as Error).message
    }
    await new Promise(resolve => setTimeout(resolve, 1000))
  }
  throw new Error(`/api/health not ok within ${HEALTH_TIMEOUT_MS / 1000} s (last: ${last}):\n${await tail(server.errPath)}`)
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${(await response.text()).slice(0, 300)}`)
  return await response.json() as T
}

export const fmt = (value: number | undefined, digits = 0) => value === undefined || Number.isNaN(value) ? '-' : value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })

/**
 * Runs a benchmark's main: what it started is stopped however it ends (error, Ctrl-C), by `stop`
 * (by default the server and temp dir of startBenchServer).
 */
export async function runBenchmark(main: () => Promise<void>, stop: () => Promise<void> = cleanup): Promise<void> {
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping what the benchmark started`)
    void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    await main()
  }
  catch (error) {
    console.error(`\nbenchmark failed: ${(error as Error).stack ?? error}`)
    process.exitCode = 1
  }
  finally {
    await stop()
  }
}
