import { creatorRefParamsSchema, type CreatorProfileDto } from '#shared/schemas/index.ts'
import { findCreatorProfile } from '../../queries/creator-profile.ts'

/** A creator's profile by creatorId, slug or former slug, with its latest 20 timeline events. */
export default defineEventHandler(async (event): Promise<CreatorProfileDto> => {
  const { id } = validatedRouterParams(event, creatorRefParamsSchema)
  const { db } = await useDatabase(event)
  const profile = await findCreatorProfile(db, id)
  if (!profile) throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `id: no creator "${id}"` })
  return { ...toCreatorDto(profile.creator), timeline: profile.timeline.map(toTimelineEventDto) }
})
