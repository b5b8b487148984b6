/** A channel as a user named it; each kind has its own channels.list filter. */
export type YoutubeChannelReference
  = { kind: 'channelId', channelId: string }
    | { kind: 'handle', /** Without the `@`. */ handle: string }
    | { kind: 'username', /** A legacy name from a youtube.com/user/NAME link. */ username: string }

export type ParsedChannelReference = { ok: true, reference: YoutubeChannelReference } | { ok: false, message: string }

const CHANNEL_ID = /^UC[\w-]{22}$/
/** Handles: 3–30 letters (any script), digits, `_`, `-` and `.`. */
const HANDLE = /^[\p{L}\p{M}\p{N}_.-]{3,30}$/u
const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'music.youtube.com'])
const VIDEO_PATHS = new Set(['watch', 'shorts', 'live', 'embed', 'playlist', 'v'])

const WHAT_TO_TYPE = 'Type the channel\'s @handle, its channel id (UC…), or a link like https://www.youtube.com/@handle'

const refuse = (message: string): ParsedChannelReference => ({ ok: false, message })

function handleReference(handle: string): ParsedChannelReference {
  if (!HANDLE.test(handle)) return refuse(`"@${handle}" is not a YouTube handle: handles have 3 to 30 letters, digits, _, - or .`)
  return { ok: true, reference: { kind: 'handle', handle } }
}

function channelIdReference(channelId: string): ParsedChannelReference {
  if (!CHANNEL_ID.test(channelId)) return refuse(`"${channelId}" is not a channel id: it is UC followed by 22 letters, digits, - or _`)
  return { ok: true, reference: { kind: 'channelId', channelId } }
}

function urlOf(input: string): URL | null {
  try {
    return new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(input) ? input : `https://${input}`)
  }
  catch {
    return null
  }
}

function referenceInLink(url: URL): ParsedChannelReference {
  if (url.hostname === 'youtu.be') return refuse('That is a link to a video, not to a channel. ' + WHAT_TO_TYPE)
  if (!YOUTUBE_HOSTS.has(url.hostname)) return refuse(`That is not a YouTube link. ${WHAT_TO_TYPE}`)
  let segments: string[]
  try {
    segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent)
  }
  catch {
    return refuse(`That link is malformed. ${WHAT_TO_TYPE}`)
  }
  const [first, second] = segments
  if (first === undefined) return refuse(`That link does not name a channel. ${WHAT_TO_TYPE}`)
  if (first.startsWith('@')) return handleReference(first.slice(1))
  if (first === 'channel' && second) return channelIdReference(second)
  if (first === 'user' && second) return { ok: true, reference: { kind: 'username', username: second } }
  if (VIDEO_PATHS.has(first)) return refuse(`That is a link to a video or playlist, not to a channel. ${WHAT_TO_TYPE}`)
  // youtube.com/c/NAME and youtube.com/NAME are custom URLs: the Data API has no lookup for them
  // (only the costly search.list), and guessing they equal a handle could track the wrong channel.
  return refuse('Custom links like youtube.com/c/name cannot be looked up. Open the channel and copy its @handle '
    + '(shown under its name) or its youtube.com/channel/UC… link.')
}

/** What a user typed to track a channel, read as a channel id, a handle or a channel link. */
export function parseChannelReference(input: string): ParsedChannelReference {
  const text = input.trim()
  if (text === '') return refuse(WHAT_TO_TYPE)
  if (text.startsWith('@')) return handleReference(text.slice(1))
  // Near the length of an id (UC + 22), a UC word is most likely a mistyped or truncated id.
  if (/^UC[\w-]{20,}$/.test(text)) return channelIdReference(text)
  if (/[/:]|youtube\.|youtu\.be/i.test(text)) {
    const url = urlOf(text)
    return url ? referenceInLink(url) : refuse(`That link is malformed. ${WHAT_TO_TYPE}`)
  }
  // A bare name could be a handle, a legacy username or a channel's title: ask which.
  if (HANDLE.test(text)) return refuse(`Did you mean the handle @${text}? ${WHAT_TO_TYPE}`)
  return refuse(WHAT_TO_TYPE)
}
