import { z } from 'zod'
import { deleteCreatorData, hideCreatorForRemoval } from '../../../domain/index.ts'

const paramsSchema = z.object({ id: z.string().min(1).max(200) })

/**
 * Stops tracking a creator and deletes it with everything of it (events, snapshots, ranking entries,
 * live sessions, sync bookkeeping). By creatorId, slug or former slug; a removal that died half-way
 * is finished by repeating it.
 */
export default defineEventHandler(async (event) => {
  requireAdmin(event)
  const { id } = validatedRouterParams(event, paramsSchema)
  const creatorId = await storedCreatorIdOf(event, id)
  const { db } = await useDatabase(event)
  // Hidden first, and the caches told at once: whatever happens next, nothing half-deleted is on show.
  await publishingChanges(db, options => hideCreatorForRemoval(db, creatorId, options))
  const deleted = await publishingChanges(db, options => deleteCreatorData(db, creatorId, options))
  return { creatorId, deleted }
})
