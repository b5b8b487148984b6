import { z } from 'zod'
import { recordDailySnapshots, upsertCreator } from '../../../domain/index.ts'
import { createQuotaSpendRecorder, youtubeQuotaLedger } from '../../../sync/index.ts'
import { resolveAccounts, TrackingInputError } from '../../../sync/tracking/resolve-accounts.ts'
import { CREATOR_CATEGORIES } from '#shared/vocabulary.ts'

const trackRequestSchema = z.object({
  youtube: z.string().trim().min(1).max(200).optional(),
  twitch: z.string().trim().min(1).max(200).optional(),
  category: z.enum(CREATOR_CATEGORIES).default('entertainment'),
}).strict()

/**
 * Starts tracking a creator: `{ youtube?: channel URL | @handle | UC… id, twitch?: login | URL,
 * category? }`. The accounts are looked up on the platforms, the creator is created (or found, when
 * an account is already tracked) with today's snapshots; uploads and streams follow with the next
 * sync runs (or POST /api/admin/tasks/youtube:sync now).
 */
export default defineEventHandler(async (event) => {
  requireAdmin(event)
  const request = await validatedBody(event, trackRequestSchema)
  const { db } = await useDatabase(event)
  const spend = createQuotaSpendRecorder(youtubeQuotaLedger(db))
  const observedAt = new Date()
  let resolved
  try {
    resolved = await resolveAccounts(request, { youtube: youtubeConnectorFor(units => spend.record(units)), twitch: useTwitchConnector()?.connector }, observedAt)
  }
  catch (error) {
    if (error instanceof TrackingInputError) throw createError({ statusCode: error.statusCode, message: error.message })
    throw createError({ statusCode: 502, statusMessage: 'Bad Gateway', message: `the platform lookup failed: ${(error as Error).message}` })
  }
  finally {
    await spend.flush()
  }
  const creator = await publishingChanges(db, async (options) => {
    const upserted = await upsertCreator(db, resolved.input, { ...options, at: observedAt })
    await recordDailySnapshots(db, resolved.snapshotsFor(upserted.creatorId), options)
    return upserted
  })
  setResponseStatus(event, creator.status === 'created' ? 201 : 200)
  return { creatorId: creator.creatorId, slug: creator.slug, url: `/creators/${creator.slug}`, status: creator.status }
})
