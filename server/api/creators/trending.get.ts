import { trendingQuerySchema, type TrendingListDto } from '#shared/schemas/index.ts'
import { findCreatorsById } from '../../queries/creators-by-id.ts'
import { findLatestRanking, findSparklines, rankingDay } from '../../queries/trending-ranking.ts'

/** The latest trending ranking: `?category&period&limit&offset`, each row with its creator and a 30-day sparkline. */
export default defineCachedApiHandler({
  group: 'rankings',
  maxAge: CACHE_SECONDS.trending,
  input: event => validatedQuery(event, trendingQuerySchema),
  key: query => cacheKeyOf('trending', query),
  handler: async (event, query): Promise<TrendingListDto> => {
    const { ranking, entries, creators, sparklines } = await readDatabase(event, async (db) => {
      const ranking = await findLatestRanking(db, query.category, query.period)
      const entries = ranking?.rankings.slice(query.offset, query.offset + query.limit) ?? []
      const ids = entries.map(entry => entry.creatorId)
      const [creators, sparklines] = await Promise.all([
        findCreatorsById(db, ids),
        ranking ? findSparklines(db, ids, ranking.date) : new Map<string, Array<number | null>>(),
      ])
      return { ranking, entries, creators, sparklines }
    })
    const items = entries.flatMap((entry) => {
      const creator = creators.get(entry.creatorId)
      if (!creator) return []
      const { creatorId, ...figures } = entry
      return [{ ...figures, creator: toCreatorDto(creator), sparkline: sparklines.get(creatorId) ?? [] }]
    })
    return {
      items,
      total: ranking?.rankings.length ?? 0,
      limit: query.limit,
      offset: query.offset,
      category: query.category ?? 'overall',
      period: query.period,
      date: rankingDay(ranking),
      computedAt: ranking?.computedAt.toISOString() ?? null,
    }
  },
})
