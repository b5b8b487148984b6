import { creatorListQuerySchema, type CreatorListDto } from '#shared/schemas/index.ts'
import { listCreators } from '../../queries/creator-list.ts'

/** One page of creators: `?limit&offset&category&platform&sort`. */
export default defineCachedApiHandler({
  group: 'lists',
  maxAge: CACHE_SECONDS.creatorList,
  input: event => validatedQuery(event, creatorListQuerySchema),
  key: query => cacheKeyOf('creators', query),
  handler: async (event, query): Promise<CreatorListDto> => {
    const { creators, total } = await readDatabase(event, db => listCreators(db, query))
    return { items: creators.map(toCreatorDto), total, limit: query.limit, offset: query.offset }
  },
})
