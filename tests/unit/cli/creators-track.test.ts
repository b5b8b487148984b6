import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MongoClient, type Db } from 'mongodb'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { platformOfAccount } from '../../../server/cli/account-reference.ts'
import { collectionsOf } from '../../../server/db/index.ts'
import { startOfUtcDay } from '../../../server/domain/index.ts'
import { startEmbeddedMongo, type EmbeddedMongo } from '../../../server/embedded-mongo/index.ts'
import { fixtureItems } from '../platforms/youtube/fake-youtube-data.ts'
import { startFakeYoutubeServer, type FakeYoutubeServer } from '../platforms/youtube/fake-youtube-server.ts'
import { freePort } from '../../e2e/free-port.ts'
import { runCli } from './cli-process.ts'
import { FAKE_ADMIN_TOKEN, TRACKED_ANSWER, useFakeCreatorinoServer } from './fake-creatorino-server.ts'

// Each test runs in its own empty directory, so a developer's .env never leaks in.
let cwd: string
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'creators-track-cli-'))
  return () => rm(cwd, { recursive: true, force: true })
})
const track = (args: string[], env: Record<string, string> = {}) => runCli('creators-track.ts', args, { env, cwd })
const server = useFakeCreatorinoServer()
let nowhere: string
beforeAll(async () => {
  nowhere = String(await freePort())
})
beforeEach(() => server.reset())

describe('the platform of an account on the command line', () => {
  it.each([
    ['https://www.youtube.com/@google', 'youtube'],
    ['youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw', 'youtube'],
    ['@google', 'youtube'],
    ['UC_x5XG1OV2P6uZZ5FSM9Ttw', 'youtube'],
    ['https://www.twitch.tv/sandysanderman', 'twitch'],
    ['twitch.tv/sandysanderman', 'twitch'],
    ['sandysanderman', undefined],
    ['https://example.com/@google', undefined],
  ])('%s is %s', (account, platform) => {
    expect(platformOfAccount(account)).toBe(platform)
  })
})

describe('npm run creators:track, with a server running', () => {
  it('asks the server\'s admin API to track the accounts, with the token from .env, and prints the creator\'s page', async () => {
    await writeFile(join(cwd, '.env'), `NUXT_ADMIN_TOKEN=${FAKE_ADMIN_TOKEN}\n`)
    const run = await track(['https://www.youtube.com/@google', '--twitch', 'sandysanderman', '--category', 'technology'], { PORT: nowhere, NUXT_PUBLIC_SITE_URL: server.url })
    expect(run.stdout).toContain(`Now tracked: ${server.url}/creators/google (${TRACKED_ANSWER.creatorId}).`)
    expect(run.code).toBe(0)
    expect(server.requests.at(-1)).toEqual({
      method: 'POST', path: '/api/admin/creators', authorization: `Bearer ${FAKE_ADMIN_TOKEN}`,
      body: { youtube: 'https://www.youtube.com/@google', twitch: 'sandysanderman', category: 'technology' },
    })
  })

  it('says plainly that the server refused the token (401), and exits 1', async () => {
    const run = await track(['@google', '--json'], { PORT: nowhere, NUXT_PUBLIC_SITE_URL: server.url, NUXT_ADMIN_TOKEN: 'not-the-servers' })
    expect(run.stderr).toContain(`The server at ${server.url} refused NUXT_ADMIN_TOKEN (401)`)
    expect(run.stdout).toBe('')
    expect(run.code).toBe(1)
  })
})

describe('npm run creators:track, with no server running', () => {
  const YOUTUBE_KEY = 'cli-test-key'
  let mongo: EmbeddedMongo
  let client: MongoClient
  let db: Db
  let youtube: FakeYoutubeServer
  let env: Record<string, string>
  beforeAll(async () => {
    mongo = await startEmbeddedMongo()
    client = await new MongoClient(mongo.uri).connect()
    db = client.db('creators_track_cli')
    youtube = await startFakeYoutubeServer({ apiKey: YOUTUBE_KEY })
    // The real channels.list answer for @google.
    youtube.addChannels(fixtureItems('youtube-channels.list.json'))
    env = {
      NUXT_MONGODB_URI: mongo.uri, NUXT_MONGODB_DB: db.databaseName, NUXT_PUBLIC_SITE_URL: `http://127.0.0.1:${nowhere}`, PORT: nowhere,
      NUXT_YOUTUBE_API_KEY: YOUTUBE_KEY, NUXT_YOUTUBE_API_BASE: youtube.apiBase, NUXT_YOUTUBE_FEED_BASE: youtube.feedBase,
    }
  })
  afterAll(async () => {
    await client?.close()
    await mongo?.stop()
    await youtube?.close()
  })

  it('looks the channel up and adds the creator, public, with today\'s snapshot, its units in the ledger and its change journaled', async () => {
    const run = await track(['@google', '--category', 'technology', '--json'], env)
    expect(run.stderr).not.toContain('creators:track:')
    expect(run.code).toBe(0)
    const answer = JSON.parse(run.stdout)
    expect(answer).toMatchObject({ slug: expect.any(String), url: `/creators/${answer.slug}`, status: 'created' })
    const { creators, growthStats, changeJournal, platformQuota } = collectionsOf(db)
    const creator = await creators.findOne({ creatorId: answer.creatorId })
    expect(creator).toMatchObject({ category: 'technology', platforms: { youtube: { subscribers: 10_700_000 } } })
    expect(creator!.metadata).not.toHaveProperty('hidden')
    expect(await growthStats.countDocuments({ creatorId: answer.creatorId, date: startOfUtcDay(new Date()) })).toBeGreaterThan(0)
    expect(await platformQuota.countDocuments()).toBeGreaterThan(0)
    expect(await changeJournal.countDocuments({ writer: 'npm-run-creators-track' })).toBe(1)

    const again = await track(['https://www.youtube.com/@google', '--direct'], env)
    expect(again.stdout).toMatch(/^Already tracked/)
    expect(await creators.countDocuments({ 'platforms.youtube.channelId': creator!.platforms.youtube!.channelId })).toBe(1)
  })

  it('names the setting a platform lookup lacks, and exits 1', async () => {
    const run = await track(['https://twitch.tv/sandysanderman'], env)
    expect(run.stderr).toMatch(/^creators:track: twitch: .*not configured/m)
    expect(run.code).toBe(1)
  })
})

describe('npm run creators:track, used wrongly', () => {
  it.each([
    [['sandysanderman'], '"sandysanderman" is neither a YouTube nor a Twitch account'],
    [[], 'Which creator?'],
    [['@a', '@b'], 'Two youtube accounts (@a, @b)'],
    [['@google', '--category', 'cooking'], 'Unknown category "cooking".'],
  ])('%j exits 2 with the reason and the usage', async (args, reason) => {
    const run = await track(args)
    expect(run.stderr).toContain(reason)
    expect(run.stderr).toContain('Usage: npm run creators:track')
    expect(run.code).toBe(2)
  })
})
