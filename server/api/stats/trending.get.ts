import { trendingStatsQuerySchema, type RankedCreatorDto, type TrendingStatsDto } from '#shared/schemas/index.ts'
import { collectionsOf, OVERALL_CATEGORY, PUBLIC_CREATORS, type CreatorCategory, type CreatorDocument, type TrendingEntry, type TrendingRankingDocument } from '../../db/index.ts'
import { findCreatorsById } from '../../queries/creators-by-id.ts'
import { findLatestRankings, rankingDay } from '../../queries/trending-ranking.ts'

const PERIOD = '7d'
const MOVERS = 5

/** What the statistics show of a set of rankings, before the creators are looked up. */
function pickEntries(rankings: TrendingRankingDocument[], category: CreatorCategory | undefined) {
  const main = rankings.find(ranking => ranking.category === (category ?? OVERALL_CATEGORY)) ?? null
  const entries = main?.rankings ?? []
  const byGrowth = [...entries].sort((a, b) => b.growthRate - a.growthRate || a.rank - b.rank)
  const leaders = rankings
    .filter(ranking => ranking.category !== OVERALL_CATEGORY && (!category || ranking.category === category) && ranking.rankings.length > 0)
    .sort((a, b) => a.category.localeCompare(b.category))
    .map(ranking => ({ category: ranking.category as CreatorCategory, entry: ranking.rankings[0]! }))
  return {
    main,
    entries,
    leaders,
    gainers: byGrowth.filter(entry => entry.growthRate > 0).slice(0, MOVERS),
    losers: byGrowth.filter(entry => entry.growthRate < 0).reverse().slice(0, MOVERS),
  }
}

function toRankedCreatorDto(entry: TrendingEntry, creator: CreatorDocument): RankedCreatorDto {
  const { id, slug, name, avatarUrl, category, verified, url, stats } = toCreatorDto(creator)
  return { rank: entry.rank, growthRate: entry.growthRate, audienceGain: entry.audienceGain, creator: { id, slug, name, avatarUrl, category, verified, url, stats } }
}

/** Trending statistics over 7 days: per-category leaders, biggest gainers and losers, totals; `?category` narrows them. */
export default defineCachedApiHandler({
  group: 'rankings',
  maxAge: CACHE_SECONDS.trending,
  input: event => validatedQuery(event, trendingStatsQuerySchema),
  key: query => cacheKeyOf('trending-stats', query),
  handler: async (event, query): Promise<TrendingStatsDto> => {
    const { picked, creators, creatorCount } = await readDatabase(event, async (db) => {
      const picked = pickEntries(await findLatestRankings(db, PERIOD), query.category)
      const shown = [...picked.gainers, ...picked.losers, ...picked.leaders.map(leader => leader.entry)]
      const [creators, creatorCount] = await Promise.all([
        findCreatorsById(db, shown.map(entry => entry.creatorId)),
        collectionsOf(db).creators.countDocuments(query.category ? { category: query.category, ...PUBLIC_CREATORS } : PUBLIC_CREATORS),
      ])
      return { picked, creators, creatorCount }
    })
    const withCreators = (entries: TrendingEntry[]) => entries.flatMap((entry) => {
      const creator = creators.get(entry.creatorId)
      return creator ? [toRankedCreatorDto(entry, creator)] : []
    })
    const { main, entries } = picked
    return {
      period: PERIOD,
      category: query.category ?? OVERALL_CATEGORY,
      date: rankingDay(main),
      computedAt: main?.computedAt.toISOString() ?? null,
      leaders: picked.leaders.flatMap(({ category, entry }) => {
        const creator = creators.get(entry.creatorId)
        return creator ? [{ ...toRankedCreatorDto(entry, creator), category }] : []
      }),
      gainers: withCreators(picked.gainers),
      losers: withCreators(picked.losers),
      totals: {
        creators: creatorCount,
        rankedCreators: entries.length,
        growing: entries.filter(entry => entry.growthRate > 0).length,
        shrinking: entries.filter(entry => entry.growthRate < 0).length,
        audienceGain: entries.reduce((sum, entry) => sum + entry.audienceGain, 0),
      },
    }
  },
})
