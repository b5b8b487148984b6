import { $fetch } from '@nuxt/test-utils/e2e'
import { expect, it } from 'vitest'
import { trendingListDtoSchema, trendingStatsDtoSchema } from '../../../shared/schemas/index.ts'

/** The trending ranking and its statistics. */
export function describeTrending() {
  it('ranks trending creators with previous rank, growth and a 30-day sparkline per row', async () => {
    const page = trendingListDtoSchema.parse(await $fetch('/api/creators/trending'))
    expect(page).toMatchObject({ limit: 20, offset: 0, period: '7d', category: 'overall' })
    expect(page.items).toHaveLength(20)
    expect(page.items.map(item => item.rank)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1))
    expect(page.items.map(item => item.score)).toEqual([...page.items.map(item => item.score)].sort((a, b) => b - a))
    expect(page.items.every(item => item.sparkline.length === 30 && item.sparkline.at(-1) !== null)).toBe(true)
    expect(page.items.some(item => item.previousRank !== null)).toBe(true)
    const next = trendingListDtoSchema.parse(await $fetch('/api/creators/trending?offset=20&limit=5'))
    expect(next.items.map(item => item.rank)).toEqual([21, 22, 23, 24, 25])
    expect(next.total).toBe(page.total)
  })

  it('ranks within a category and over 30 days', async () => {
    const music = trendingListDtoSchema.parse(await $fetch('/api/creators/trending?category=music&period=30d&limit=100'))
    expect(music).toMatchObject({ category: 'music', period: '30d' })
    expect(music.items.length).toBeGreaterThan(0)
    expect(music.items.every(item => item.creator.category === 'music')).toBe(true)
  })

  it('summarises the latest ranking: leaders per category, gainers, losers and totals', async () => {
    const stats = trendingStatsDtoSchema.parse(await $fetch('/api/stats/trending'))
    const ranking = trendingListDtoSchema.parse(await $fetch('/api/creators/trending?limit=100'))
    expect(stats.date).toBe(ranking.date)
    expect(stats.leaders.length).toBe(10)
    expect(stats.gainers.map(gainer => gainer.growthRate)).toEqual([...stats.gainers.map(gainer => gainer.growthRate)].sort((a, b) => b - a))
    expect(stats.gainers[0]!.growthRate).toBe(Math.max(...ranking.items.map(item => item.growthRate)))
    expect(stats.losers.every(loser => loser.growthRate < 0)).toBe(true)
    expect(stats.totals.rankedCreators).toBe(ranking.total)
    expect(stats.totals.growing + stats.totals.shrinking).toBeLessThanOrEqual(ranking.total)
    const gaming = trendingStatsDtoSchema.parse(await $fetch('/api/stats/trending?category=gaming'))
    expect(gaming.leaders.map(leader => leader.category)).toEqual(['gaming'])
    expect(gaming.totals.creators).toBeLessThan(stats.totals.creators)
  })
}
