/**
 * Which platform an account given on the command line belongs to, for `npm run creators:track --
 * <account>…`: a URL by its host, a YouTube handle (@name) or channel id (UC…). A bare word could be
 * either (a Twitch login or a YouTube handle without its @), so it is refused and --youtube or
 * --twitch asked for.
 */
export type AccountPlatform = 'youtube' | 'twitch'

const YOUTUBE_HOSTS = /(?:^|\.)(?:youtube\.com|youtu\.be)$/i
const TWITCH_HOSTS = /(?:^|\.)twitch\.tv$/i
const YOUTUBE_CHANNEL_ID = /^UC[\w-]{22}$/

export function platformOfAccount(account: string): AccountPlatform | undefined {
  const text = account.trim()
  if (text.startsWith('@') || YOUTUBE_CHANNEL_ID.test(text)) return 'youtube'
  const host = URL.parse(/^https?:\/\//i.test(text) ? text : `https://${text}`)?.hostname ?? ''
  if (!host.includes('.')) return undefined
  if (YOUTUBE_HOSTS.test(host)) return 'youtube'
  if (TWITCH_HOSTS.test(host)) return 'twitch'
  return undefined
}
