import { pushSubscribeWork } from '../../sync/pipeline-task-bodies.ts'
import { pushSettingsOf } from '../../sync/push/index.ts'

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
    return { result: await runPipelineTask('push:subscribe', pushSubscribeWork(settings, settings.twitch ? useTwitchConnector() : undefined)) }
  },
})
