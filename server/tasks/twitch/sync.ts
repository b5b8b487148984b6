import { runTwitchSync } from '../../sync/twitch/index.ts'

/** Every 30 minutes: each tracked Twitch channel's profile and followers (today's snapshot). */
export default defineTask({
  meta: { name: 'twitch:sync', description: 'Twitch profiles and follower counts of tracked creators' },
  async run(): Promise<TaskOutcome> {
    const twitch = useTwitchConnector()
    if (!twitch) return notConfigured('twitch:sync', 'NUXT_TWITCH_CLIENT_ID and NUXT_TWITCH_CLIENT_SECRET are not set')
    const result = await runPipelineTask('twitch:sync', (db, options, context) => twitch.metered(points =>
      runTwitchSync(db, { ...options, connector: twitch.connector, points, now: () => new Date(), reportError: context.reportError, signal: context.signal })))
    return { result }
  },
})
