import { z } from 'zod'
import { collectionsOf } from '../../../db/index.ts'
import { upsertCreator } from '../../../domain/index.ts'
import { CREATOR_CATEGORIES } from '#shared/vocabulary.ts'

const paramsSchema = z.object({ id: z.string().min(1).max(200) })
const changeSchema = z.object({
  category: z.enum(CREATOR_CATEGORIES).optional(),
  /** false pauses the sync of this creator (its page stays); true resumes it. */
  active: z.boolean().optional(),
}).strict().refine(change => change.category !== undefined || change.active !== undefined, { message: 'give category or active' })

/** Edits a tracked creator, public or pending: its category, or pauses / resumes its sync. By creatorId, slug or former slug. */
export default defineEventHandler(async (event) => {
  requireAdmin(event)
  const { id } = validatedRouterParams(event, paramsSchema)
  const change = await validatedBody(event, changeSchema)
  const creatorId = await storedCreatorIdOf(event, id)
  const { db } = await useDatabase(event)
  const stored = await collectionsOf(db).creators.findOne({ creatorId })
  if (!stored) throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `id: no creator "${id}"` })
  if (stored.metadata.hidden === 'removing') throw createError({ statusCode: 409, statusMessage: 'Conflict', message: `id: creator "${id}" is being removed; repeat its DELETE to finish` })
  // The stored creator as the pipeline's input, with the change: upsertCreator keeps nothing it is not given.
  await publishingChanges(db, options => upsertCreator(db, {
    name: stored.name,
    description: stored.description,
    avatarUrl: stored.avatarUrl,
    bannerUrl: stored.bannerUrl,
    category: change.category ?? stored.category,
    socialLinks: stored.socialLinks,
    platforms: stored.platforms,
    dataSource: stored.metadata.dataSource,
    isActive: change.active ?? stored.metadata.isActive,
  }, options))
  return { creatorId: stored.creatorId, category: change.category ?? stored.category, active: change.active ?? stored.metadata.isActive }
})
