import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from './free-port.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** wrangler and Nuxt write under $HOME unless told otherwise: everything goes to `home` (a temp dir). */
export function wranglerEnvironment(home: string): NodeJS.ProcessEnv {
  return { ...process.env, XDG_CONFIG_HOME: home, XDG_DATA_HOME: home, XDG_CACHE_HOME: home, WRANGLER_SEND_METRICS: 'false', NUXT_TELEMETRY_DISABLED: '1' }
}

/** The Cloudflare build into .output (`npm run build:cf`), with Node 24 explicitly: npx on PATH could find the system's older Node. */
export function buildForWorkers(home: string): void {
  const build = spawnSync(process.execPath, ['node_modules/nuxt/bin/nuxt.mjs', 'build'], { cwd: ROOT, env: { ...wranglerEnvironment(home), NITRO_PRESET: 'cloudflare_module' }, encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`cloudflare build failed:\n${build.stdout}\n${build.stderr}`)
}

export interface WranglerDev {
  baseUrl: string
  /** What wrangler and the worker printed so far. */
  output(): string
  stop(): void
}

export interface WranglerDevOptions {
  /** Where wrangler keeps its files and the local KV (`--persist-to <home>/state`). */
  home: string
  /** Runtime variables (`--var NAME:value`), as `wrangler secret put` would set them. */
  vars: Record<string, string>
  /** A generated wrangler.json; by default the build's, found as `npx wrangler dev` finds it (.wrangler/deploy/config.json). */
  config?: string
}

/**
 * `wrangler dev` on 127.0.0.1 (workerd, local KV and rate limiter) with `/__scheduled` enabled, in a
 * process group of its own so that stop() ends workerd too. Resolves once it answers HTTP.
 */
export async function startWranglerDev({ home, vars, config }: WranglerDevOptions): Promise<WranglerDev> {
  const port = await freePort()
  const child = spawn(process.execPath, [
    join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), 'dev', ...config ? ['--config', config] : [], '--ip', '127.0.0.1', '--port', String(port),
    '--persist-to', join(home, 'state'), '--test-scheduled', '--log-level', 'warn',
    ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
  ], { cwd: ROOT, env: wranglerEnvironment(home), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let output = ''
  child.stdout!.on('data', (chunk) => {
    output += chunk
  })
  child.stderr!.on('data', (chunk) => {
    output += chunk
  })
  const wrangler: WranglerDev = {
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    stop() {
      try {
        process.kill(-child.pid!, 'SIGTERM')
      }
      catch {
        // It exited already (it failed to start): nothing to stop.
      }
    },
  }
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline && child.exitCode === null) {
    // Not the home page: rendering it would fill the cache with the answers it shows.
    if (await fetch(`${wrangler.baseUrl}/api/ping`).then(() => true, () => false)) return wrangler
    await new Promise(resolve => setTimeout(resolve, 500))
  }
  wrangler.stop()
  throw new Error(`wrangler dev did not start serving ${wrangler.baseUrl} within 60 s:\n${output.slice(-2000)}`)
}
