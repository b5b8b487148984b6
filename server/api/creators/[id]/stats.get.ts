import { creatorRefParamsSchema, growthQuerySchema, type CreatorStatsReportDto } from '#shared/schemas/index.ts'
import { findGrowthWindow } from '../../../queries/growth-window.ts'

/** A creator's statistics over `?days` (1-365, default 90), optionally for one `?platform`. */
export default defineCachedApiHandler({
  group: 'creator',
  maxAge: CACHE_SECONDS.growth,
  input: async (event) => {
    const { id } = validatedRouterParams(event, creatorRefParamsSchema)
    const query = validatedQuery(event, growthQuerySchema)
    return { creatorId: await creatorIdOf(event, id), query }
  },
  key: ({ creatorId, query }) => cacheKeyOf('stats', query, creatorId),
  handler: async (event, { creatorId, query }): Promise<CreatorStatsReportDto> => {
    const window = await readDatabase(event, db => findGrowthWindow(db, creatorId, query.days, query.platform))
    return toCreatorStatsReportDto(creatorId, query.days, query.platform, window)
  },
})
