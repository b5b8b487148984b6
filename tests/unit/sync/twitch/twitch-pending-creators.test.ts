import { describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../../server/db/index.ts'
import { runTwitchSync } from '../../../../server/sync/twitch/index.ts'
import { trackedTwitchCreators } from '../../../../server/sync/twitch/tracked-twitch-creators.ts'
import { useEmbeddedDatabase } from '../../embedded-database.ts'
import { twitchFixture } from '../../platforms/twitch/twitch-fixtures.ts'
import { seedCreators, twitchCreatorInput, twitchRunSetup, useFakeTwitch } from './twitch-sync-harness.ts'

const { freshDb } = useEmbeddedDatabase()
const fake = useFakeTwitch()
const [twitchDev] = twitchFixture('twitch-helix.users.json').data

describe('twitch:sync and hidden creators', () => {
  it('completes a creator left pending by a tracking request that died: public once its profile and snapshot are written', async () => {
    const db = await freshDb()
    const [creatorId] = await seedCreators(db, [twitchCreatorInput(twitchDev.id, 'twitchdev', { pending: true })])
    const { creators, growthStats } = collectionsOf(db)
    expect((await creators.findOne({ creatorId }))?.metadata.hidden).toBe('pending')
    const changes: unknown[] = []

    await runTwitchSync(db, { ...twitchRunSetup(fake.server()).options, onChange: change => void changes.push(change) })

    const creator = await creators.findOne({ creatorId })
    expect(creator).toMatchObject({ name: 'TwitchDev', platforms: { twitch: { followers: 8 } } })
    expect(creator?.metadata).not.toHaveProperty('hidden')
    expect(await growthStats.countDocuments({ creatorId })).toBe(1)
    expect(changes).toContainEqual({ kind: 'creator', creatorId })
  })

  it('leaves a creator being removed alone', async () => {
    const db = await freshDb()
    const [creatorId] = await seedCreators(db, [twitchCreatorInput(twitchDev.id, 'twitchdev')])
    await collectionsOf(db).creators.updateOne({ creatorId }, { $set: { 'metadata.hidden': 'removing' } })
    expect(await trackedTwitchCreators(db)).toEqual([])
    expect(await runTwitchSync(db, twitchRunSetup(fake.server()).options)).toMatchObject({ channelsChecked: 0, creatorsTouched: 0 })
  })
})
