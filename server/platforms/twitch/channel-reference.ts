/** What a person may type to name a Twitch channel, reduced to its login. */
export type TwitchChannelReference = { ok: true, login: string } | { ok: false, message: string }

const LOGIN_PATTERN = /^[a-z0-9_]{4,25}$/
const TWITCH_HOSTS = new Set(['twitch.tv', 'www.twitch.tv', 'm.twitch.tv'])
/** First path segments of twitch.tv pages that are not channels. */
const NOT_CHANNELS = new Set(['videos', 'directory', 'search', 'settings', 'downloads', 'jobs', 'p', 'turbo', 'subscriptions', 'inventory', 'wallet', 'drops', 'friends', 'messages', 'store', 'prime', 'popout', 'moderator'])

function invalid(message: string): TwitchChannelReference {
  return { ok: false, message }
}

function checkedLogin(candidate: string): TwitchChannelReference {
  const login = candidate.toLowerCase()
  if (login.length < 4 || login.length > 25) return invalid(`A Twitch login has 4 to 25 characters; "${candidate}" has ${login.length}`)
  if (!LOGIN_PATTERN.test(login)) return invalid(`A Twitch login has only letters, digits and underscores: "${candidate}" is not one`)
  return { ok: true, login }
}

function loginFromAddress(address: string): TwitchChannelReference {
  let url: URL
  try {
    url = new URL(/^https?:\/\//i.test(address) ? address : `https://${address}`)
  }
  catch {
    return invalid(`"${address}" is neither a Twitch login nor a Twitch address`)
  }
  if (!TWITCH_HOSTS.has(url.hostname.toLowerCase())) return invalid(`"${address}" is not a twitch.tv address`)
  const [first] = url.pathname.split('/').filter(segment => segment !== '')
  if (first === undefined) return invalid(`"${address}" names no channel: expected twitch.tv/<login>`)
  if (NOT_CHANNELS.has(first.toLowerCase())) return invalid(`"${address}" is a Twitch page, not a channel: expected twitch.tv/<login>`)
  return checkedLogin(decodeURIComponent(first))
}

/**
 * Accepts `login`, `@login`, `https://www.twitch.tv/login` and `twitch.tv/login/videos`: anything
 * with a dot or a slash is read as an address. Logins are lowercased, as Twitch stores them.
 */
export function parseTwitchChannelReference(input: string): TwitchChannelReference {
  const text = input.trim()
  if (text === '') return invalid('Enter a Twitch login or channel address')
  if (/[./]/.test(text)) return loginFromAddress(text)
  return checkedLogin(text.startsWith('@') ? text.slice(1) : text)
}
