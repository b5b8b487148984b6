import { describe, expect, it } from 'vitest'
import { collectionsOf, LAST_PIPELINE_RUN_ID } from '../../../server/db/index.ts'
import { castDemoCreators, initialStateOf, observedAtOf, replayDemoDay, simulateDemoDay, simulateDemoWorld, type DemoRun } from '../../../server/demo/index.ts'
import { addUtcDays, updateCreatorStats } from '../../../server/domain/index.ts'
import { contentsOf, useEmbeddedDatabase } from '../embedded-database.ts'

const database = useEmbeddedDatabase()
const today = new Date('2026-11-26T15:00:00Z')
const small = { seed: 11, creatorCount: 30, historyDays: 20 }
const withoutRunLog = { except: [LAST_PIPELINE_RUN_ID] }

describe('simulateDemoWorld (a small world)', () => {
  it('fills an empty database with complete days up to yesterday, and a second run the same day changes nothing', async () => {
    const db = await database.freshDb()
    const progress: number[] = []
    const outcome = await simulateDemoWorld(db, { ...small, today, onProgress: ({ done }) => progress.push(done) })
    expect(outcome).toEqual({ status: 'created', daysSimulated: 20, firstDay: new Date('2026-11-06T00:00:00Z'), lastSimulatedDay: new Date('2026-11-25T00:00:00Z') })
    expect(progress).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    const before = await contentsOf(db)
    expect(await simulateDemoWorld(db, { ...small, today: new Date('2026-11-26T23:59:00Z') })).toMatchObject({ status: 'up-to-date', daysSimulated: 0 })
    expect(await contentsOf(db)).toEqual(before)
  })

  it('is the same world for the same seed, and lives on: 17 days then 3 more equal 20 at once', async () => {
    const [once, inSteps, otherSeed] = await Promise.all([database.freshDb(), database.freshDb(), database.freshDb()])
    await simulateDemoWorld(once, { ...small, today })
    await simulateDemoWorld(inSteps, { ...small, historyDays: 17, today: addUtcDays(today, -3) })
    expect(await simulateDemoWorld(inSteps, { ...small, historyDays: 999, seed: 999, today })).toMatchObject({ status: 'advanced', daysSimulated: 3 })
    // The same documents; only how often each creator was rewritten (its revision) depends on the path.
    const withoutRevisions = async (db: typeof once) => {
      const contents = await contentsOf(db, withoutRunLog)
      return { ...contents, creators: contents.creators!.map(({ revision: _revision, ...creator }) => creator) }
    }
    expect(await withoutRevisions(inSteps)).toEqual(await withoutRevisions(once))
    await simulateDemoWorld(otherSeed, { ...small, seed: 12, today })
    const names = async (db: typeof once) => (await collectionsOf(db).creators.find().sort({ creatorId: 1 }).toArray()).map(creator => creator.name)
    expect(await names(otherSeed)).not.toEqual(await names(once))
  })

  it('changes nothing when the last day goes through the whole pipeline again', async () => {
    const db = await database.freshDb()
    const { firstDay } = await simulateDemoWorld(db, { ...small, today })
    const before = await contentsOf(db, withoutRunLog)
    const world = { seed: small.seed, firstDay: firstDay!, creators: castDemoCreators(small.seed, small.creatorCount, firstDay!) }
    const run: DemoRun = { world, states: world.creators.map(initialStateOf), creatorIds: world.creators.map(() => undefined) }
    const lastOffset = small.historyDays - 1
    for (let offset = 0; offset < lastOffset; offset++) replayDemoDay(run, offset)
    await simulateDemoDay(db, run, lastOffset, { syncAllProfiles: true })
    await updateCreatorStats(db, { day: addUtcDays(firstDay!, lastOffset), at: observedAtOf(world, lastOffset) })
    expect(await contentsOf(db, withoutRunLog)).toEqual(before)
  })

  it('leaves a database with other creators alone', async () => {
    const db = await database.freshDb()
    await db.collection('creators').insertOne({ creatorId: 'cr_real' })
    expect(await simulateDemoWorld(db, { ...small, today })).toMatchObject({ status: 'not-a-demo-database', daysSimulated: 0 })
    expect(await db.collection('timeline_events').countDocuments()).toBe(0)
  })
})
