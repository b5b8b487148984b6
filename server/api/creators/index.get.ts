import { creatorListQuerySchema, type CreatorListDto } from '#shared/schemas/index.ts'
import { listCreators } from '../../queries/creator-list.ts'

/** One page of creators: `?limit&offset&category&platform&sort`. */
export default defineEventHandler(async (event): Promise<CreatorListDto> => {
  const query = validatedQuery(event, creatorListQuerySchema)
  const { db } = await useDatabase(event)
  const { creators, total } = await listCreators(db, query)
  return { items: creators.map(toCreatorDto), total, limit: query.limit, offset: query.offset }
})
