import { creatorIdParamsSchema } from '#shared/schemas/index.ts'

/** Alias of /api/creators/:id/timeline, as the seed design lists it. */
export default defineCreatorTimelineHandler(event => validatedRouterParams(event, creatorIdParamsSchema).creatorId, 'creatorId')
