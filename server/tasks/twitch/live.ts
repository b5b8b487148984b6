import { runTwitchLive } from '../../sync/twitch/index.ts'

/**
 * Every 5 minutes: who is live. A broadcast seen ending becomes a `stream` event with its duration,
 * peak and average viewers; its archive video is merged in later. EventSub, when set up, is faster.
 */
export default defineTask({
  meta: { name: 'twitch:live', description: 'Live Twitch streams of tracked creators; finished broadcasts become stream events' },
  async run(): Promise<TaskOutcome> {
    const twitch = useTwitchConnector()
    if (!twitch) return notConfigured('twitch:live', 'NUXT_TWITCH_CLIENT_ID and NUXT_TWITCH_CLIENT_SECRET are not set')
    const result = await runPipelineTask('twitch:live', (db, options, context) => twitch.metered(points =>
      runTwitchLive(db, { ...options, connector: twitch.connector, points, now: () => new Date(), reportError: context.reportError, signal: context.signal })))
    return { result }
  },
})
