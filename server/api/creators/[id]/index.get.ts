import { creatorRefParamsSchema, type CreatorProfileDto } from '#shared/schemas/index.ts'
import { findCreatorProfile } from '../../../queries/creator-profile.ts'

/** A creator's profile by creatorId, slug or former slug, with its latest 20 timeline events. */
export default defineCachedApiHandler({
  group: 'creator',
  maxAge: CACHE_SECONDS.profile,
  input: async (event) => {
    const { id } = validatedRouterParams(event, creatorRefParamsSchema)
    return { creatorId: await creatorIdOf(event, id) }
  },
  key: ({ creatorId }) => cacheKeyOf('profile', {}, creatorId),
  handler: async (event, { creatorId }): Promise<CreatorProfileDto> => {
    const profile = await readDatabase(event, db => findCreatorProfile(db, creatorId))
    if (!profile) throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `id: no creator "${creatorId}"` })
    return { ...toCreatorDto(profile.creator), timeline: profile.timeline.map(toTimelineEventDto) }
  },
})
