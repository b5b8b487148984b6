import type { YoutubeConnector } from '../platforms/youtube/index.ts'
import { meteredTwitchFrom, youtubeConnectorFrom, type MeteredTwitch } from '../sync/platform-settings.ts'

/**
 * The platform connectors, configured from runtimeConfig (NUXT_YOUTUBE_*, NUXT_TWITCH_*). Undefined
 * without credentials: the sync tasks then do nothing and say so, instead of failing every run.
 */
export function youtubeConnectorFor(onUnitsSpent?: (units: number) => void): YoutubeConnector | undefined {
  return youtubeConnectorFrom(useRuntimeConfig(), onUnitsSpent)
}

let twitch: MeteredTwitch | undefined

/** One per process: its calls share one app token and one rate-limit bucket (Twitch counts per client id). */
export function useTwitchConnector(): MeteredTwitch | undefined {
  return twitch ??= meteredTwitchFrom(useRuntimeConfig())
}
