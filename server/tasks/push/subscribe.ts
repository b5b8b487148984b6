import { pushSettingsOf, runPushSubscriptions } from '../../sync/push/index.ts'

/**
 * Hourly: WebSub subscriptions for tracked YouTube channels (new ones, and leases that run out
 * within a day) and EventSub stream webhooks for tracked Twitch broadcasters; ends those of
 * creators no longer tracked. Nothing while no platform's push is configured.
 */
export default defineTask({
  meta: { name: 'push:subscribe', description: 'Subscribe to YouTube WebSub and Twitch EventSub push for tracked creators' },
  async run(): Promise<TaskOutcome> {
    const config = useRuntimeConfig()
    const settings = pushSettingsOf({ ...config, siteUrl: config.public.siteUrl })
    if (!settings.youtube && !settings.twitch) return notConfigured('push:subscribe', settings.reasons.join('; '))
    const twitch = settings.twitch ? useTwitchConnector() : undefined
    const result = await runPipelineTask('push:subscribe', (db, _options, context) => {
      const run = () => runPushSubscriptions(db, { settings, twitch: twitch?.connector, signal: context.signal, reportError: context.reportError })
      return twitch ? twitch.metered(run) : run()
    })
    return { result }
  },
})
