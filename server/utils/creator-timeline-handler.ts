import type { H3Event } from 'h3'
import { timelineQuerySchema, type TimelinePageDto } from '#shared/schemas/index.ts'
import { findTimelinePage } from '../queries/timeline-page.ts'

/** The creator timeline route, for both paths that serve it; `field` names the route parameter in errors. */
export function defineCreatorTimelineHandler(refOf: (event: H3Event) => string, field: string) {
  return defineCachedApiHandler({
    group: 'creator',
    maxAge: CACHE_SECONDS.timeline,
    input: async (event) => {
      const ref = refOf(event)
      const query = validatedQuery(event, timelineQuerySchema)
      return { creatorId: await creatorIdOf(event, ref, field), query }
    },
    key: ({ creatorId, query }) => cacheKeyOf('timeline', query, creatorId),
    handler: async (event, { creatorId, query }): Promise<TimelinePageDto> => {
      const { events, nextCursor } = await readDatabase(event, db => findTimelinePage(db, query, creatorId))
      return { items: events.map(toTimelineEventDto), limit: query.limit, nextCursor }
    },
  })
}
