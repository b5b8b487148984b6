import { describe, expect, it } from 'vitest'
import { CREATOR_CATEGORIES } from '../../../server/db/index.ts'
import { castDemoCreators, profileOn, randomFor, roundDownToThreeFigures } from '../../../server/demo/index.ts'

const firstDay = new Date('2026-01-01T00:00:00Z')

describe('randomFor', () => {
  it('repeats for the same key and differs for another', () => {
    const draw = (...key: Array<string | number>) => Array.from({ length: 5 }, randomFor(...key).next)
    expect(draw(1, 'a')).toEqual(draw(1, 'a'))
    expect(draw(1, 'a')).not.toEqual(draw(1, 'b'))
    expect(draw(1, 'a').every(value => value >= 0 && value < 1)).toBe(true)
  })
})

describe('roundDownToThreeFigures', () => {
  it.each([[999, 999], [1_234, 1_230], [98_765, 98_700], [1_999_999, 1_990_000], [123_456_789, 123_000_000]])('%d → %d', (count, shown) => {
    expect(roundDownToThreeFigures(count)).toBe(shown)
  })
})

describe('castDemoCreators', () => {
  const cast = castDemoCreators(7, 150, firstDay)

  it('is the same for the same seed', () => {
    expect(castDemoCreators(7, 150, firstDay)).toEqual(cast)
    expect(castDemoCreators(8, 150, firstDay).map(creator => creator.name)).not.toEqual(cast.map(creator => creator.name))
  })

  it('covers every category and both platforms, with heavy-tailed audiences and a few hidden counts', () => {
    expect(new Set(cast.map(creator => creator.category))).toEqual(new Set(CREATOR_CATEGORIES))
    const kinds = cast.map(creator => creator.youtube && creator.twitch ? 'both' : creator.youtube ? 'youtube' : 'twitch')
    for (const kind of ['both', 'youtube', 'twitch']) expect(kinds.filter(each => each === kind).length).toBeGreaterThan(10)
    const audiences = cast.map(creator => creator.youtube?.subscribers ?? creator.twitch!.followers).sort((a, b) => a - b)
    const median = audiences[Math.floor(audiences.length / 2)]!
    expect(audiences.at(-1)! / median).toBeGreaterThan(50)
    expect(cast.filter(creator => creator.youtube?.hiddenSubscribers).length).toBeGreaterThanOrEqual(2)
    expect(new Set(cast.map(creator => creator.handle.toLowerCase())).size).toBe(cast.length)
  })

  it('applies planned profile changes from their day on', () => {
    const renamed = cast.find(creator => creator.profileChanges.some(change => change.kind === 'rename'))!
    const rename = renamed.profileChanges.find(change => change.kind === 'rename')!
    expect(profileOn(renamed, rename.dayOffset - 1).name).not.toBe(rename.value)
    expect(profileOn(renamed, rename.dayOffset).name).toBe(rename.value)
  })
})
