import { z } from 'zod'
import { createQuotaSpendRecorder, youtubeQuotaLedger } from '../../../sync/index.ts'
import { TrackingInputError } from '../../../sync/tracking/resolve-accounts.ts'
import { PlatformLookupError, trackCreator } from '../../../sync/tracking/track-creator.ts'
import { CREATOR_CATEGORIES } from '#shared/vocabulary.ts'

const trackRequestSchema = z.object({
  youtube: z.string().trim().min(1).max(200).optional(),
  twitch: z.string().trim().min(1).max(200).optional(),
  category: z.enum(CREATOR_CATEGORIES).default('entertainment'),
}).strict()

function httpErrorOf(error: unknown): unknown {
  if (error instanceof TrackingInputError) return createError({ statusCode: error.statusCode, message: error.message })
  if (error instanceof PlatformLookupError) return createError({ statusCode: 502, statusMessage: 'Bad Gateway', message: error.message })
  return error
}

/**
 * Starts tracking a creator: `{ youtube?: channel URL | @handle | UC… id, twitch?: login | URL,
 * category? }`. The accounts are looked up on the platforms, the creator is created (or found, when
 * an account is already tracked) with today's snapshots; uploads and streams follow with the next
 * sync runs (or POST /api/admin/tasks/youtube:sync now). 201 when the creator is new to the public.
 */
export default defineEventHandler(async (event) => {
  requireAdmin(event)
  const request = await validatedBody(event, trackRequestSchema)
  const { db } = await useDatabase(event)
  const spend = createQuotaSpendRecorder(youtubeQuotaLedger(db))
  const deps = { youtube: youtubeConnectorFor(units => spend.record(units)), twitch: useTwitchConnector()?.connector, quotaSpend: spend, observedAt: new Date() }
  try {
    const tracked = await publishingChanges(db, options => trackCreator(db, request, { ...deps, ...options }))
    setResponseStatus(event, tracked.status === 'created' ? 201 : 200)
    return tracked
  }
  catch (error) {
    throw httpErrorOf(error)
  }
})
