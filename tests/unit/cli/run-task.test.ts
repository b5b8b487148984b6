import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MongoClient, type Db } from 'mongodb'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../server/db/index.ts'
import { simulateDemoWorld } from '../../../server/demo/index.ts'
import { startOfUtcDay } from '../../../server/domain/index.ts'
import { startEmbeddedMongo, type EmbeddedMongo } from '../../../server/embedded-mongo/index.ts'
import { SCHEDULED_TASK_NAMES } from '../../../server/sync/task-schedule.ts'
import { freePort } from '../../e2e/free-port.ts'
import { runCli } from './cli-process.ts'
import { answeredRun, FAKE_ADMIN_TOKEN, useFakeCreatorinoServer } from './fake-creatorino-server.ts'

// Each test runs in its own empty directory, so a developer's .env never leaks in.
let cwd: string
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'run-task-cli-'))
  return () => rm(cwd, { recursive: true, force: true })
})
const runTask = (args: string[], env: Record<string, string> = {}) => runCli('run-task.ts', args, { env, cwd })
const server = useFakeCreatorinoServer()
// The CLI looks on the local port first: a free one, so a dev server on this machine stays out of it.
let nowhere: string
beforeAll(async () => {
  nowhere = String(await freePort())
})
beforeEach(() => server.reset())

describe('npm run task, with a server running', () => {
  it('finds the server at NUXT_PUBLIC_SITE_URL and runs the task through its admin API, with the token from .env', async () => {
    await writeFile(join(cwd, '.env'), `NUXT_ADMIN_TOKEN=${FAKE_ADMIN_TOKEN}\n`)
    const run = await runTask(['trending:compute'], { PORT: nowhere, NUXT_PUBLIC_SITE_URL: server.url })
    expect(run.stderr).toContain(`Running trending:compute through ${server.url}`)
    expect(run.stdout).toBe(`trending:compute done in 1.3 s through ${server.url}.\n  rankings  42\n`)
    expect(run.code).toBe(0)
    expect(server.requests).toEqual([
      { method: 'GET', path: '/api/health', authorization: undefined },
      { method: 'POST', path: '/api/admin/tasks/trending:compute', authorization: `Bearer ${FAKE_ADMIN_TOKEN}` },
    ])
  })

  it('prints the admin API\'s answer with --json, and exits 1 when the run failed', async () => {
    const failed = answeredRun('youtube:sync', { status: 'failed', result: {}, errors: ['quotaExceeded'], errorCount: 1 })
    server.answerTasksWith(200, failed)
    const run = await runTask(['youtube:sync', '--json', '--url', server.url], { NUXT_ADMIN_TOKEN: FAKE_ADMIN_TOKEN })
    expect(JSON.parse(run.stdout)).toEqual(failed)
    expect(run.code).toBe(1)
  })

  it('says plainly that the server refused the token (401), and exits 1', async () => {
    const run = await runTask(['stats:aggregate'], { PORT: nowhere, NUXT_PUBLIC_SITE_URL: server.url, NUXT_ADMIN_TOKEN: 'not-the-servers' })
    expect(run.stderr).toContain(`The server at ${server.url} refused NUXT_ADMIN_TOKEN (401)`)
    expect(run.stdout).toBe('')
    expect(run.code).toBe(1)
  })

  it('refuses a --url where no server answers', async () => {
    const url = `http://127.0.0.1:${nowhere}`
    const run = await runTask(['trending:compute', '--url', url], { NUXT_ADMIN_TOKEN: FAKE_ADMIN_TOKEN })
    expect(run.stderr).toContain(`No Creatorino server answers GET ${url}/api/health`)
    expect(run.code).toBe(1)
  })
})

describe('npm run task, with no server running', () => {
  let mongo: EmbeddedMongo
  let client: MongoClient
  let db: Db
  let env: Record<string, string>
  beforeAll(async () => {
    mongo = await startEmbeddedMongo()
    client = await new MongoClient(mongo.uri).connect()
    db = client.db('run_task_cli')
    await simulateDemoWorld(db, { seed: 7, creatorCount: 20, historyDays: 10 })
    // Nothing listens where the CLI looks for a server: it runs the task itself.
    env = { NUXT_MONGODB_URI: mongo.uri, NUXT_MONGODB_DB: db.databaseName, NUXT_PUBLIC_SITE_URL: `http://127.0.0.1:${nowhere}`, PORT: nowhere }
  })
  afterAll(async () => {
    await client?.close()
    await mongo?.stop()
  })

  it('runs trending:compute on the database under the task\'s lock, records the run and journals the change', async () => {
    const { trendingData, taskRuns, taskLocks, changeJournal } = collectionsOf(db)
    const today = startOfUtcDay(new Date())
    expect(await trendingData.countDocuments({ date: today })).toBe(0)
    const run = await runTask(['trending:compute'], env)
    expect(run.stdout).toMatch(new RegExp(`^trending:compute done in \\d+\\.\\d s on NUXT_MONGODB_URI, database ${db.databaseName}\\.\\n  rankings  \\d+\\n$`))
    expect(run.code).toBe(0)
    const rankings = Number(/rankings {2}(\d+)/.exec(run.stdout)![1])
    expect(rankings).toBeGreaterThan(0)
    expect(await trendingData.countDocuments({ date: today })).toBe(rankings)
    expect(await taskRuns.find({ task: 'trending:compute' }).toArray()).toMatchObject([{ status: 'ok', result: { rankings }, runner: expect.stringMatching(/^cli_/) }])
    expect(await taskLocks.countDocuments()).toBe(0)
    expect(await changeJournal.countDocuments({ writer: 'npm-run-task', rankings: true })).toBe(1)
  })

  it('is skipped while another run holds the lock, as the schedule would be', async () => {
    const now = Date.now()
    await collectionsOf(db).taskLocks.insertOne({ _id: 'stats:aggregate', owner: 'run_scheduled', acquiredAt: new Date(now), expiresAt: new Date(now + 600_000) })
    const run = await runTask(['stats:aggregate', '--direct'], env)
    expect(run.stdout).toContain('stats:aggregate was skipped')
    expect(run.code).toBe(1)
    expect(await collectionsOf(db).taskRuns.findOne({ task: 'stats:aggregate' })).toMatchObject({ status: 'skipped' })
  })

  it('runs the task itself when a server answers but NUXT_ADMIN_TOKEN is not set here', async () => {
    const run = await runTask(['trending:compute'], { ...env, NUXT_PUBLIC_SITE_URL: server.url })
    expect(run.stderr).toContain(`A server answers at ${server.url}, but NUXT_ADMIN_TOKEN is not set here (environment or .env): running trending:compute here instead`)
    expect(run.stdout).toContain(`trending:compute done in`)
    expect(run.code).toBe(0)
    expect(server.requests.map(request => request.path)).toEqual(['/api/health'])
  })

  it('says which setting a platform task lacks', async () => {
    const run = await runTask(['youtube:sync', '--json'], env)
    expect(JSON.parse(run.stdout)).toEqual({ task: 'youtube:sync', run: { task: 'youtube:sync', status: 'not-configured', reason: 'NUXT_YOUTUBE_API_KEY is not set' } })
    expect(run.code).toBe(1)
  })
})

describe('npm run task, used wrongly', () => {
  it.each([
    [['no:such-task'], 'Unknown task "no:such-task".'],
    [[], 'Which task? Give its name.'],
    [['trending:compute', '--url', 'localhost:3000'], '--url must be an http(s) URL'],
    [['trending:compute', '--verbose'], 'Unknown option \'--verbose\''],
  ])('%j exits 2 with the reason and the task names', async (args, reason) => {
    const run = await runTask(args)
    expect(run.stderr).toContain(reason)
    expect(run.stderr).toContain(`Tasks: ${SCHEDULED_TASK_NAMES.join(', ')}`)
    expect(run.code).toBe(2)
  })
})
