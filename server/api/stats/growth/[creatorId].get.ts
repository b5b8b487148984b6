import { creatorIdParamsSchema, growthQuerySchema, type GrowthSeriesDto } from '#shared/schemas/index.ts'
import { findGrowthWindow } from '../../../queries/growth-window.ts'

/** The growth chart's series: one point per day over `?days`, gaps as nulls, optionally one `?platform`. */
export default defineCachedApiHandler({
  group: 'creator',
  maxAge: CACHE_SECONDS.growth,
  input: async (event) => {
    const { creatorId: ref } = validatedRouterParams(event, creatorIdParamsSchema)
    const query = validatedQuery(event, growthQuerySchema)
    return { creatorId: await creatorIdOf(event, ref, 'creatorId'), query }
  },
  key: ({ creatorId, query }) => cacheKeyOf('growth', query, creatorId),
  handler: async (event, { creatorId, query }): Promise<GrowthSeriesDto> => {
    const window = await readDatabase(event, db => findGrowthWindow(db, creatorId, query.days, query.platform))
    return toGrowthSeriesDto(creatorId, query.days, query.platform, window)
  },
})
