import { describe, expect, it } from 'vitest'
import { collectionsOf } from '../../../server/db/index.ts'
import { compactNumber, deriveMilestones, highestThresholdCrossed, recordDailySnapshots } from '../../../server/domain/index.ts'
import { contentsOf, useEmbeddedDatabase } from '../embedded-database.ts'
import { snapshot } from './fixtures.ts'

const database = useEmbeddedDatabase()
const day = (iso: string) => new Date(`${iso}T00:00:00Z`)

describe('milestone thresholds', () => {
  it.each([
    ['subscribers', 999_000, 1_000_000, 1_000_000],
    ['subscribers', 990, 2_500, 2_000],
    ['subscribers', 1_000_000, 1_900_000, undefined],
    ['subscribers', 1_200, 1_100, undefined],
    ['views', 95_000_000, 101_000_000, 100_000_000],
    ['followers', 49_999, 50_000, 50_000],
  ] as const)('%s %d → %d crosses %s', (metric, before, after, expected) => {
    expect(highestThresholdCrossed(metric, before, after)).toBe(expected)
  })

  it.each([[1_000, '1K'], [1_500_000, '1.5M'], [2_000_000_000, '2B'], [999, '999']])('compactNumber(%d) is %s', (value, text) => {
    expect(compactNumber(value)).toBe(text)
  })
})

describe('deriveMilestones', () => {
  it('dates a milestone on the day the threshold was crossed, once', async () => {
    const db = await database.freshDb()
    await recordDailySnapshots(db, [
      snapshot('cr_a', '2026-03-01T23:00:00Z', { subscribers: 995_000, views: 90_000_000 }),
      snapshot('cr_a', '2026-03-02T23:00:00Z', { subscribers: 999_000, views: 99_000_000 }),
      snapshot('cr_a', '2026-03-03T23:00:00Z', { subscribers: 1_000_000, views: 99_500_000 }),
      snapshot('cr_a', '2026-03-04T23:00:00Z', { subscribers: 999_000, views: 100_200_000 }),
      snapshot('cr_a', '2026-03-05T23:00:00Z', { subscribers: 1_010_000, views: 100_900_000 }),
    ])
    const found: number[] = []
    for (const iso of ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']) found.push(await deriveMilestones(db, { day: day(iso), at: day(iso) }))
    expect(found).toEqual([0, 0, 1, 1, 0])
    const milestones = await collectionsOf(db).timelineEvents.find({ type: 'milestone' }, { projection: { _id: 0, title: 1, publishedAt: 1, milestone: 1 } }).sort({ publishedAt: 1 }).toArray()
    expect(milestones).toEqual([
      { title: 'Reached 1M subscribers on YouTube', publishedAt: new Date('2026-03-03T23:00:00Z'), milestone: { metric: 'subscribers', threshold: 1_000_000 } },
      { title: 'Reached 100M views on YouTube', publishedAt: new Date('2026-03-04T23:00:00Z'), milestone: { metric: 'views', threshold: 100_000_000 } },
    ])
    const before = await contentsOf(db)
    expect(await deriveMilestones(db, { day: day('2026-03-03'), at: day('2026-03-10') })).toBe(0)
    expect(await contentsOf(db)).toEqual(before)
  })

  it('sees a crossing across a missed day, but not from or to an unknown count', async () => {
    const db = await database.freshDb()
    await recordDailySnapshots(db, [
      snapshot('cr_gap', '2026-03-01T23:00:00Z', { subscribers: 9_900 }),
      snapshot('cr_gap', '2026-03-03T23:00:00Z', { subscribers: 10_100 }),
      snapshot('cr_hidden', '2026-03-02T23:00:00Z', { subscribers: null }),
      snapshot('cr_hidden', '2026-03-03T23:00:00Z', { subscribers: 2_000_000 }),
      snapshot('cr_twitch', '2026-03-02T23:00:00Z', { followers: 4_999 }, 'twitch'),
      snapshot('cr_twitch', '2026-03-03T23:00:00Z', { followers: 5_001 }, 'twitch'),
    ])
    expect(await deriveMilestones(db, { day: day('2026-03-03') })).toBe(2)
    const titles = (await collectionsOf(db).timelineEvents.find({}).toArray()).map(event => `${event.creatorId}: ${event.title}`).sort()
    expect(titles).toEqual(['cr_gap: Reached 10K subscribers on YouTube', 'cr_twitch: Reached 5K followers on Twitch'])
  })
})
