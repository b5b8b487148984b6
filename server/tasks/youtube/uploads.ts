import { youtubeQuotaLedger } from '../../sync/index.ts'
import { checkYoutubeUploads } from '../../sync/youtube/index.ts'

/** Every 15 minutes: new uploads through the free Atom feeds; only the new videos cost units. */
export default defineTask({
  meta: { name: 'youtube:uploads', description: 'New YouTube uploads of tracked creators (free feed)' },
  async run(): Promise<TaskOutcome> {
    if (!youtubeConnectorFor()) return notConfigured('youtube:uploads', 'NUXT_YOUTUBE_API_KEY is not set')
    const result = await runPipelineTask('youtube:uploads', (db, options, context) => checkYoutubeUploads(db, {
      connect: onUnitsSpent => youtubeConnectorFor(onUnitsSpent)!,
      ledger: youtubeQuotaLedger(db),
      onChange: options.onChange,
      signal: context.signal,
      onError: context.reportError,
    }))
    return { result }
  },
})
