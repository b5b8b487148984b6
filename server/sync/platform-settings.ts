import { createTwitchConnector, type TwitchConnector } from '../platforms/twitch/index.ts'
import { createYoutubeConnector, type YoutubeConnector } from '../platforms/youtube/index.ts'
import { createTwitchPointsMeter, type TwitchPointsMeter } from './twitch/index.ts'

/**
 * The platform settings (NUXT_YOUTUBE_*, NUXT_TWITCH_*): the server reads them from runtimeConfig
 * (server/utils/platform-connectors.ts), the CLIs from the environment. Nitro-free.
 */
export interface PlatformSettings {
  youtubeApiKey: string
  youtubeApiBase: string
  youtubeFeedBase: string
  twitchClientId: string
  twitchClientSecret: string
  twitchApiBase: string
  twitchAuthBase: string
}

/** Undefined without an API key: the YouTube tasks then do nothing and say so, instead of failing every run. */
export function youtubeConnectorFrom(settings: PlatformSettings, onUnitsSpent?: (units: number) => void): YoutubeConnector | undefined {
  if (!settings.youtubeApiKey) return undefined
  return createYoutubeConnector({
    apiBase: settings.youtubeApiBase,
    feedBase: settings.youtubeFeedBase,
    apiKey: settings.youtubeApiKey,
    onUnitsSpent,
  })
}

export interface MeteredTwitch {
  connector: TwitchConnector
  /** Runs `work` with a meter of the points spent meanwhile (runs that overlap count each other's too). */
  metered: <T>(work: (points: TwitchPointsMeter) => Promise<T>) => Promise<T>
}

/** Undefined without the app credentials. Keep one per process: its calls share one app token and one rate-limit bucket. */
export function meteredTwitchFrom(settings: PlatformSettings): MeteredTwitch | undefined {
  if (!settings.twitchClientId || !settings.twitchClientSecret) return undefined
  const meters = new Set<TwitchPointsMeter>()
  const connector = createTwitchConnector({
    apiBase: settings.twitchApiBase,
    authBase: settings.twitchAuthBase,
    clientId: settings.twitchClientId,
    clientSecret: settings.twitchClientSecret,
    onPointsSpent: points => meters.forEach(meter => meter.record(points)),
  })
  return {
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
