import { createTwitchConnector, type TwitchConnector } from '../platforms/twitch/index.ts'
import { createYoutubeConnector, type YoutubeConnector } from '../platforms/youtube/index.ts'
import { createTwitchPointsMeter, type TwitchPointsMeter } from '../sync/twitch/index.ts'

/**
 * The platform connectors, configured from runtimeConfig (NUXT_YOUTUBE_*, NUXT_TWITCH_*). Undefined
 * without credentials: the sync tasks then do nothing and say so, instead of failing every run.
 */
export function youtubeConnectorFor(onUnitsSpent?: (units: number) => void): YoutubeConnector | undefined {
  const config = useRuntimeConfig()
  if (!config.youtubeApiKey) return undefined
  return createYoutubeConnector({
    apiBase: config.youtubeApiBase,
    feedBase: config.youtubeFeedBase,
    apiKey: config.youtubeApiKey,
    onUnitsSpent,
  })
}

export interface MeteredTwitch {
  connector: TwitchConnector
  /** Runs `work` with a meter of the points spent meanwhile (runs that overlap count each other's too). */
  metered: <T>(work: (points: TwitchPointsMeter) => Promise<T>) => Promise<T>
}

let twitch: MeteredTwitch | undefined

/** One per process: its calls share one app token and one rate-limit bucket (Twitch counts per client id). */
export function useTwitchConnector(): MeteredTwitch | undefined {
  const config = useRuntimeConfig()
  if (!config.twitchClientId || !config.twitchClientSecret) return undefined
  if (twitch) return twitch
  const meters = new Set<TwitchPointsMeter>()
  const connector = createTwitchConnector({
    apiBase: config.twitchApiBase,
    authBase: config.twitchAuthBase,
    clientId: config.twitchClientId,
    clientSecret: config.twitchClientSecret,
    onPointsSpent: points => meters.forEach(meter => meter.record(points)),
  })
  return twitch = {
    connector,
    metered: async (work) => {
      const meter = createTwitchPointsMeter()
      meters.add(meter)
      try {
        return await work(meter)
      }
      finally {
        meters.delete(meter)
      }
    },
  }
}
