import type { Db } from 'mongodb'
import { ensureIndexes } from '../db/index.ts'
import { appendToChangeJournal, collectChanges } from '../domain/change-journal.ts'
import { meteredTwitchFrom, youtubeConnectorFrom, type PlatformSettings } from '../sync/platform-settings.ts'
import type { TrackRequest } from '../sync/tracking/resolve-accounts.ts'
import { trackCreator, type TrackedCreator } from '../sync/tracking/track-creator.ts'
import { createQuotaSpendRecorder, youtubeQuotaLedger } from '../sync/youtube-quota-ledger.ts'

/** Who wrote this CLI's change-journal entries. */
const JOURNAL_WRITER = 'npm-run-creators-track'

/**
 * Tracks a creator in this process, as POST /api/admin/creators does on the server: the same
 * lookups (YouTube units counted in the day's quota ledger), the same writes, and its changes
 * journaled so a running server drops stale answers within a minute.
 */
export async function trackCreatorDirectly(db: Db, request: TrackRequest, settings: PlatformSettings): Promise<TrackedCreator> {
  await ensureIndexes(db)
  const spend = createQuotaSpendRecorder(youtubeQuotaLedger(db))
  const changes = collectChanges()
  try {
    return await trackCreator(db, request, {
      youtube: youtubeConnectorFrom(settings, units => spend.record(units)),
      twitch: meteredTwitchFrom(settings)?.connector,
      quotaSpend: spend,
      observedAt: new Date(),
      onChange: changes.onChange,
    })
  }
  finally {
    await appendToChangeJournal(db, JOURNAL_WRITER, changes.take())
  }
}
