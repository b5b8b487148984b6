import { assertEventSubSecret } from '../../platforms/twitch/eventsub.ts'
import { YOUTUBE_WEBSUB_HUB } from '../../platforms/youtube/websub.ts'

/** Where the hubs deliver: the routes under server/routes/webhooks/. */
export const YOUTUBE_WEBSUB_CALLBACK_PATH = '/webhooks/youtube/websub'
export const TWITCH_EVENTSUB_CALLBACK_PATH = '/webhooks/twitch/eventsub'

/** The lease we ask the WebSub hub for (ten days); the hub may grant less, and says so when it verifies. */
export const REQUESTED_LEASE_SECONDS = 10 * 24 * 3600

/** The runtime configuration push depends on (NUXT_PUBLIC_SITE_URL, NUXT_WEBSUB_*, NUXT_TWITCH_*…). */
export interface PushConfig {
  siteUrl: string
  websubSecret: string
  websubHubUrl?: string
  youtubeApiKey: string
  twitchEventsubSecret: string
  twitchClientId: string
  twitchClientSecret: string
}

export interface YoutubePushSettings {
  hubUrl: string
  callbackUrl: string
  secret: string
  leaseSeconds: number
}

export interface TwitchPushSettings {
  callbackUrl: string
  secret: string
}

/** Each platform's settings, or why its push is off (the task reports the reasons when both are). */
export interface PushSettings {
  youtube: YoutubePushSettings | null
  twitch: TwitchPushSettings | null
  reasons: string[]
}

function httpsSite(siteUrl: string): URL | null {
  try {
    const url = new URL(siteUrl)
    return url.protocol === 'https:' ? url : null
  }
  catch {
    return null
  }
}

// Like the sitemap's links: the site URL as configured (a path prefix included), then the route.
const callbackOn = (site: URL, path: string) => site.href.replace(/\/+$/, '') + path

function youtubeReason(config: PushConfig): string | null {
  if (!config.websubSecret) return 'NUXT_WEBSUB_SECRET is not set'
  if (new TextEncoder().encode(config.websubSecret).length > 199) return 'NUXT_WEBSUB_SECRET is longer than the 199 bytes WebSub allows'
  // Without the key a pushed video could not be read: the subscription would only cost the hub.
  if (!config.youtubeApiKey) return 'NUXT_YOUTUBE_API_KEY is not set'
  return null
}

function twitchReason(config: PushConfig, site: URL): string | null {
  if (!config.twitchEventsubSecret) return 'NUXT_TWITCH_EVENTSUB_SECRET is not set'
  try {
    assertEventSubSecret(config.twitchEventsubSecret)
  }
  catch (error) {
    return `NUXT_TWITCH_EVENTSUB_SECRET: ${(error as Error).message}`
  }
  if (!config.twitchClientId || !config.twitchClientSecret) return 'NUXT_TWITCH_CLIENT_ID and NUXT_TWITCH_CLIENT_SECRET are not set'
  if (site.port !== '' && site.port !== '443') return `Twitch only calls back on port 443, and NUXT_PUBLIC_SITE_URL is on ${site.port}`
  return null
}

/**
 * What push:subscribe and the callbacks may do. Hubs only call a public https URL, so nothing is
 * subscribed while NUXT_PUBLIC_SITE_URL is the http://localhost default of development.
 */
export function pushSettingsOf(config: PushConfig): PushSettings {
  const site = httpsSite(config.siteUrl)
  if (!site) return { youtube: null, twitch: null, reasons: [`NUXT_PUBLIC_SITE_URL "${config.siteUrl}" is not an https URL the hubs can call back`] }
  const reasons: string[] = []
  const noYoutube = youtubeReason(config)
  const noTwitch = twitchReason(config, site)
  if (noYoutube) reasons.push(`YouTube WebSub: ${noYoutube}`)
  if (noTwitch) reasons.push(`Twitch EventSub: ${noTwitch}`)
  return {
    youtube: noYoutube
      ? null
      : { hubUrl: config.websubHubUrl || YOUTUBE_WEBSUB_HUB, callbackUrl: callbackOn(site, YOUTUBE_WEBSUB_CALLBACK_PATH), secret: config.websubSecret, leaseSeconds: REQUESTED_LEASE_SECONDS },
    twitch: noTwitch ? null : { callbackUrl: callbackOn(site, TWITCH_EVENTSUB_CALLBACK_PATH), secret: config.twitchEventsubSecret },
    reasons,
  }
}
