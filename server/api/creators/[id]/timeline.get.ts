import { creatorRefParamsSchema } from '#shared/schemas/index.ts'

/** A creator's events, newest first: `?limit&offset&type&platform&before`. */
export default defineCreatorTimelineHandler(event => validatedRouterParams(event, creatorRefParamsSchema).id, 'id')
