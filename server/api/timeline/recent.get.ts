import { timelineQuerySchema, type FeedPageDto } from '#shared/schemas/index.ts'
import { findCreatorsById } from '../../queries/creators-by-id.ts'
import { findTimelinePage } from '../../queries/timeline-page.ts'

/** Every creator's events, newest first, each with its creator: `?limit&offset&type&platform&before`. */
export default defineCachedApiHandler({
  group: 'lists',
  maxAge: CACHE_SECONDS.timeline,
  input: event => validatedQuery(event, timelineQuerySchema),
  key: query => cacheKeyOf('recent', query),
  handler: async (event, query): Promise<FeedPageDto> => {
    const { events, nextCursor, creators } = await readDatabase(event, async (db) => {
      const page = await findTimelinePage(db, query)
      return { ...page, creators: await findCreatorsById(db, page.events.map(item => item.creatorId)) }
    })
    const items = events.flatMap((item) => {
      const creator = creators.get(item.creatorId)
      if (!creator) return []
      const { id, slug, name, avatarUrl, category, verified, url } = toCreatorDto(creator)
      return [{ ...toTimelineEventDto(item), creator: { id, slug, name, avatarUrl, category, verified, url } }]
    })
    return { items, limit: query.limit, nextCursor }
  },
})
