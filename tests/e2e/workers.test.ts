import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MongoClient } from 'mongodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedMongo, type EmbeddedMongo } from '../../server/embedded-mongo/index.ts'
import { simulateDemoWorld } from '../../server/demo/index.ts'
import { COLLECTION_NAMES } from '../../server/db/index.ts'
import { TASK_SCHEDULE } from '../../server/sync/task-schedule.ts'
import { freePort } from './free-port.ts'

const ROOT = new URL('../..', import.meta.url).pathname

async function waitUntilServing(url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (await fetch(url).then(() => true, () => false)) return
    await new Promise(resolve => setTimeout(resolve, 500))
  }
  throw new Error(`wrangler dev did not start serving ${url} within 60 s:\n${output().slice(-2000)}`)
}

/**
 * The Cloudflare build served by `wrangler dev` (workerd, local only) with NUXT_MONGODB_URI pointing at
 * an embedded server this test started: the driver inside workerd talking to our server.
 */
describe('the Workers build under wrangler dev', () => {
  let database: EmbeddedMongo
  let wrangler: ChildProcess
  let home: string
  let baseUrl: string
  const expectedCounts: Record<string, number> = {}

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'creatorino-wrangler-'))
    const env = { ...process.env, XDG_CONFIG_HOME: home, XDG_DATA_HOME: home, XDG_CACHE_HOME: home, WRANGLER_SEND_METRICS: 'false', NUXT_TELEMETRY_DISABLED: '1' }
    // Node 24 explicitly: through npx on PATH it could be the system's older Node.
    const build = spawnSync(process.execPath, ['node_modules/nuxt/bin/nuxt.mjs', 'build'], { cwd: ROOT, env: { ...env, NITRO_PRESET: 'cloudflare_module' }, encoding: 'utf8' })
    if (build.status !== 0) throw new Error(`cloudflare build failed:\n${build.stdout}\n${build.stderr}`)

    database = await startEmbeddedMongo()
    const client = new MongoClient(database.uri)
    const db = client.db('creatorino')
    await simulateDemoWorld(db, { creatorCount: 12, historyDays: 5 })
    for (const name of [COLLECTION_NAMES.creators, COLLECTION_NAMES.timelineEvents, COLLECTION_NAMES.growthStats, COLLECTION_NAMES.trendingData]) {
      expectedCounts[name] = await db.collection(name).countDocuments()
    }
    await client.close()

    const port = await freePort()
    baseUrl = `http://127.0.0.1:${port}`
    wrangler = spawn(process.execPath, ['node_modules/wrangler/bin/wrangler.js', 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', join(home, 'state'), '--var', `NUXT_MONGODB_URI:${database.uri}`, '--var', 'NUXT_DEMO:off'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    let output = ''
    wrangler.stdout!.on('data', (chunk) => {
      output += chunk
    })
    wrangler.stderr!.on('data', (chunk) => {
      output += chunk
    })
    await waitUntilServing(baseUrl, () => output)
  }, 240_000)

  afterAll(async () => {
    try {
      if (wrangler?.pid) process.kill(-wrangler.pid, 'SIGTERM')
    }
    catch {
      // wrangler exited already (it failed to start): nothing to stop.
    }
    await database?.stop()
    await rm(home, { recursive: true, force: true })
  })

  it('declares a Cron Trigger for every cron of the task schedule, and no other', async () => {
    const wrangler = JSON.parse(await readFile(join(ROOT, '.output/server/wrangler.json'), 'utf8'))
    expect([...wrangler.triggers.crons].sort()).toEqual(Object.keys(TASK_SCHEDULE).sort())
  })

  it('answers /api/health from workerd with the external engine and the database\'s counts, request after request', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await fetch(`${baseUrl}/api/health`)
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ engine: 'external', database: 'creatorino', counts: expectedCounts })
    }
  })

  it('server-renders the home page there, with the database\'s latest events', async () => {
    const feed = await (await fetch(`${baseUrl}/api/timeline/recent?limit=3`)).json() as { items: Array<{ title: string }> }
    const response = await fetch(`${baseUrl}/`)
    expect(response.status).toBe(200)
    const html = await response.text()
    const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
    for (const event of feed.items) expect(html).toContain(escapeHtml(event.title))
  })

  it('answers the read API there, the second identical request from the KV cache', async () => {
    const cacheOf = (response: Response) => /cache;desc="(\w+)"/.exec(response.headers.get('server-timing') ?? '')?.[1]
    const first = await fetch(`${baseUrl}/api/creators?limit=3&sort=views`)
    expect(first.status).toBe(200)
    expect(cacheOf(first)).toBe('miss')
    const body = await first.json() as { items: unknown[], total: number }
    expect(body.items).toHaveLength(3)
    expect(body.total).toBe(expectedCounts[COLLECTION_NAMES.creators])
    await expect.poll(async () => cacheOf(await fetch(`${baseUrl}/api/creators?limit=3&sort=views`)), { timeout: 10_000 }).toBe('hit')
  })
})
