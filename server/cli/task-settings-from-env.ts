import type { PlatformSettings } from '../sync/platform-settings.ts'
import type { PushConfig } from '../sync/push/index.ts'

/** What the scheduled tasks read from runtimeConfig: the platform keys and the push settings. */
export type TaskSettings = PlatformSettings & PushConfig

/** The task settings as runtimeConfig reads them from NUXT_* variables, with nuxt.config's defaults. */
export function taskSettingsFromEnv(env: NodeJS.ProcessEnv): TaskSettings {
  return {
    youtubeApiKey: env.NUXT_YOUTUBE_API_KEY ?? '',
    youtubeApiBase: env.NUXT_YOUTUBE_API_BASE || 'https://www.googleapis.com/youtube/v3',
    youtubeFeedBase: env.NUXT_YOUTUBE_FEED_BASE || 'https://www.youtube.com/feeds',
    twitchClientId: env.NUXT_TWITCH_CLIENT_ID ?? '',
    twitchClientSecret: env.NUXT_TWITCH_CLIENT_SECRET ?? '',
    twitchApiBase: env.NUXT_TWITCH_API_BASE || 'https://api.twitch.tv/helix',
    twitchAuthBase: env.NUXT_TWITCH_AUTH_BASE || 'https://id.twitch.tv',
    siteUrl: env.NUXT_PUBLIC_SITE_URL || 'http://localhost:3000',
    websubSecret: env.NUXT_WEBSUB_SECRET ?? '',
    websubHubUrl: env.NUXT_WEBSUB_HUB_URL || 'https://pubsubhubbub.appspot.com/subscribe',
    twitchEventsubSecret: env.NUXT_TWITCH_EVENTSUB_SECRET ?? '',
  }
}
