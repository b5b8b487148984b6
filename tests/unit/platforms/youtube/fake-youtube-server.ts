import { once } from 'node:events'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { googleError, readFixture, type ApiResource } from './fake-youtube-data.ts'

/**
 * A local stand-in for the YouTube Data API v3 and the upload feed, for unit, task and e2e tests.
 * It behaves like YouTube from a registry of resources (channels, videos, playlists, feeds), checks
 * the key and the 50-id limit, can run out of quota, and lets a test script one-off replies.
 */
export type FakeEndpoint = 'channels' | 'playlistItems' | 'videos' | 'feed'

export interface FakeReply {
  status?: number
  /** A string is sent as is (a fixture file's bytes); anything else as JSON. */
  body?: unknown
  contentType?: string
  /** Drop the connection without answering: a network error for the client. */
  destroySocket?: boolean
  /** Answer this late (to provoke client timeouts). */
  delayMs?: number
}

export interface LoggedRequest {
  endpoint: FakeEndpoint | null
  path: string
  query: Record<string, string>
}

export type FakeHandler = (request: LoggedRequest) => FakeReply

export interface FakeYoutubeServerOptions {
  /** When set, any other key gets the real 400 keyInvalid answer. */
  apiKey?: string
}

export interface FakeYoutubeServer {
  apiBase: string
  feedBase: string
  /** Every request received, in order, with its query parameters. */
  requests: LoggedRequest[]
  requestsTo(endpoint: FakeEndpoint): LoggedRequest[]
  /** API units charged so far, counted as YouTube does (1 per call, 0 for quotaExceeded, none for the feed). */
  unitsCharged: number
  /** Replies served once each, in order, before the endpoint's regular behaviour. */
  script(endpoint: FakeEndpoint, ...replies: FakeReply[]): void
  /** Replaces an endpoint's regular behaviour. */
  handle(endpoint: FakeEndpoint, handler: FakeHandler): void
  addChannels(channels: ApiResource[]): void
  addUsername(username: string, channelId: string): void
  addVideos(videos: ApiResource[]): void
  /** A playlist (e.g. uploads UU…) served in pages of `maxResults` (5 when not asked, as YouTube does). */
  setPlaylist(playlistId: string, items: unknown[]): void
  setFeed(channelId: string, xml: string): void
  /** Units left today: at 0 every API call gets the real 403 quotaExceeded. null = unlimited. */
  setQuota(units: number | null): void
  /** Forgets requests, scripts, handlers, resources and quota. */
  reset(): void
  close(): Promise<void>
}

const ENDPOINT_PATHS: Record<string, FakeEndpoint> = {
  '/youtube/v3/channels': 'channels',
  '/youtube/v3/playlistItems': 'playlistItems',
  '/youtube/v3/videos': 'videos',
  '/feeds/videos.xml': 'feed',
}

function send(response: ServerResponse, reply: FakeReply) {
  const { body } = reply
  const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body)
  response.statusCode = reply.status ?? 200
  response.setHeader('content-type', reply.contentType ?? (text.startsWith('<') ? 'text/xml; charset=UTF-8' : 'application/json; charset=UTF-8'))
  response.end(text)
}

const customUrlOf = (channel: ApiResource) => (channel.snippet as { customUrl?: string } | undefined)?.customUrl?.toLowerCase()

export async function startFakeYoutubeServer(options: FakeYoutubeServerOptions = {}): Promise<FakeYoutubeServer> {
  const requests: LoggedRequest[] = []
  const scripts = new Map<FakeEndpoint, FakeReply[]>()
  const handlers = new Map<FakeEndpoint, FakeHandler>()
  const channels = new Map<string, ApiResource>()
  const usernames = new Map<string, string>()
  const videos = new Map<string, ApiResource>()
  const playlists = new Map<string, unknown[]>()
  const feeds = new Map<string, string>()
  let quota: number | null = null
  let unitsCharged = 0

  const idsOf = (query: Record<string, string>) => (query.id ?? '').split(',').filter(Boolean)
  const list = (items: unknown[], nextPageToken?: string) => ({ body: { kind: 'youtube#listResponse', ...(nextPageToken ? { nextPageToken } : {}), pageInfo: { totalResults: items.length, resultsPerPage: items.length }, items } })
  const tooManyIds = { status: 400, body: googleError(400, 'youtube.parameter', 'invalidParameter', 'More than 50 ids') }

  const regular: Record<FakeEndpoint, FakeHandler> = {
    channels: ({ query }) => {
      if (query.forHandle) {
        const handle = query.forHandle.replace(/^@?/, '@').toLowerCase()
        return list([...channels.values()].filter(channel => customUrlOf(channel) === handle))
      }
      if (query.forUsername) {
        const channel = channels.get(usernames.get(query.forUsername.toLowerCase()) ?? '')
        return list(channel ? [channel] : [])
      }
      const ids = idsOf(query)
      if (ids.length > 50) return tooManyIds
      return list(ids.flatMap(id => channels.get(id) ?? []))
    },
    videos: ({ query }) => {
      const ids = idsOf(query)
      if (ids.length > 50) return tooManyIds
      return list(ids.flatMap(id => videos.get(id) ?? []))
    },
    playlistItems: ({ query }) => {
      const items = playlists.get(query.playlistId ?? '')
      if (!items) return { status: 404, body: googleError(404, 'youtube.playlistItem', 'playlistNotFound', 'The playlist identified with the request\'s <code>playlistId</code> parameter cannot be found.') }
      const pageSize = Number(query.maxResults ?? 5)
      const start = query.pageToken ? Number(query.pageToken.replace('page-', '')) : 0
      const next = start + pageSize < items.length ? `page-${start + pageSize}` : undefined
      return list(items.slice(start, start + pageSize), next)
    },
    feed: ({ query }) => {
      const xml = feeds.get(query.channel_id ?? '')
      return xml ? { body: xml, contentType: 'text/xml; charset=UTF-8' } : { status: 404, body: '<html><body>Error 404 (Not Found)</body></html>', contentType: 'text/html' }
    },
  }

  function replyTo(request: LoggedRequest): FakeReply {
    const { endpoint } = request
    if (!endpoint) return { status: 404, body: googleError(404, 'global', 'notFound', 'Not Found') }
    const scripted = scripts.get(endpoint)?.shift()
    if (scripted) return scripted
    if (endpoint !== 'feed') {
      if (options.apiKey !== undefined && request.query.key !== options.apiKey) return { status: 400, body: readFixture('youtube-error.400.keyInvalid.json') }
      if (quota !== null) {
        if (quota <= 0) return { status: 403, body: readFixture('youtube-error.403.quotaExceeded.json') }
        quota -= 1
      }
    }
    return (handlers.get(endpoint) ?? regular[endpoint])(request)
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const request: LoggedRequest = { endpoint: ENDPOINT_PATHS[url.pathname] ?? null, path: url.pathname, query: Object.fromEntries(url.searchParams) }
    requests.push(request)
    const reply = replyTo(request)
    const bodyText = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? '')
    const isQuotaAnswer = reply.status === 403 && bodyText.includes('quotaExceeded')
    if (request.endpoint && request.endpoint !== 'feed' && !reply.destroySocket && !isQuotaAnswer) unitsCharged += 1
    if (reply.destroySocket) {
      req.socket.destroy()
      return
    }
    if (reply.delayMs) setTimeout(() => send(res, reply), reply.delayMs)
    else send(res, reply)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    apiBase: `${origin}/youtube/v3`,
    feedBase: `${origin}/feeds`,
    requests,
    requestsTo: endpoint => requests.filter(request => request.endpoint === endpoint),
    get unitsCharged() {
      return unitsCharged
    },
    script: (endpoint, ...replies) => scripts.set(endpoint, [...(scripts.get(endpoint) ?? []), ...replies]),
    handle: (endpoint, handler) => handlers.set(endpoint, handler),
    addChannels: added => added.forEach(channel => channels.set(channel.id, channel)),
    addUsername: (username, channelId) => usernames.set(username.toLowerCase(), channelId),
    addVideos: added => added.forEach(video => videos.set(video.id, video)),
    setPlaylist: (playlistId, items) => playlists.set(playlistId, items),
    setFeed: (channelId, xml) => feeds.set(channelId, xml),
    setQuota: (units) => {
      quota = units
    },
    reset: () => {
      requests.length = 0
      unitsCharged = 0
      quota = null
      for (const map of [scripts, handlers, channels, usernames, videos, playlists, feeds]) map.clear()
    },
    close: async () => {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}
