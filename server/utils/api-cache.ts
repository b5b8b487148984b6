import type { EventHandlerRequest, H3Event } from 'h3'
import { hash } from 'ohash'
import type { PipelineChange } from '../domain/pipeline-changes.ts'

/**
 * Entries purge together by group: one creator's answers (profile, timeline, stats, growth), the
 * lists that show many creators (creator list, search, activity feed, categories), the rankings.
 */
export type CacheGroup = 'creator' | 'lists' | 'rankings'

const STORAGE_BASE = 'cache'
const HANDLER_GROUP = 'api'

/** A cache key from the validated parameters, so `?limit=20` and `?limit=020` share an entry. */
export function cacheKeyOf(endpoint: string, params: unknown, creatorId?: string): string {
  // Nitro strips non-word characters from keys; dropping the hash's own here keeps the stored key
  // equal to this one, so purges can find a creator's entries by its `<creatorId>__` prefix.
  const key = `${endpoint}_${hash(params).replace(/\W/g, '')}`
  return creatorId ? `${creatorId}__${key}` : key
}

interface CachedApiOptions<Input, Output> {
  group: CacheGroup
  maxAge: number
  /** Validates the request (400 on bad input) and resolves what the key and the handler need. */
  input: (event: H3Event) => Promise<Input> | Input
  key: (input: Input) => string
  handler: (event: H3Event, input: Input) => Promise<Output>
}

/**
 * An API route answered from the response cache (in memory under Node, Workers KV on Cloudflare):
 * Cache-Control with s-maxage and stale-while-revalidate, ETag and 304 come from Nitro's cached
 * handler; errors are never cached. A miss is marked for Server-Timing and the request log.
 */
export function defineCachedApiHandler<Input, Output>(options: CachedApiOptions<Input, Output>) {
  // The answer is cached as JSON text, serialized once on a miss: a cached object would be
  // stringified again on every hit (the largest cost of a warm list answer).
  const cached = defineCachedEventHandler<EventHandlerRequest, Promise<string>>(async (event) => {
    event.context.cacheStatus = 'miss'
    const answer = await options.handler(event, event.context.apiInput as Input)
    setResponseHeader(event, 'Content-Type', 'application/json')
    return JSON.stringify(answer)
  }, {
    base: STORAGE_BASE,
    group: HANDLER_GROUP,
    name: options.group,
    maxAge: options.maxAge,
    staleMaxAge: options.maxAge,
    swr: true,
    getKey: async (event: H3Event) => {
      const input = await options.input(event)
      event.context.apiInput = input
      // Valid input: a hit unless the handler runs (and says miss).
      event.context.cacheStatus = 'hit'
      return options.key(input)
    },
  })
  return defineEventHandler(async (event): Promise<Output> => {
    try {
      // Clients receive the JSON of Output: typed so for the app's typed $fetch.
      return await cached(event) as Output
    }
    catch (error) {
      // The handler ran on Nitro's stand-in response, whose headers are dropped when it fails.
      if (isError(error) && error.statusCode === 503 && !event.node.res.headersSent) {
        setResponseHeader(event, 'Retry-After', DATABASE_RETRY_AFTER_SECONDS)
      }
      throw error
    }
  })
}

/** Where Nitro's route rules cache rendered pages in the same storage (`nitro:routes:<name>:<key>.json`). */
const PAGE_GROUP = 'nitro:routes'

/** The sitemap's cached answer (server/routes/sitemap.xml.get.ts): hourly, but a removed creator must leave it at once. */
const SITEMAP_GROUP = 'nitro:handlers:sitemap'

/**
 * API keys are `api:<group>:<key>.json` (`:HEAD` appended for HEAD requests). Every rendered page
 * shows creators or rankings, so any change purges them all: simpler than mapping pages to data.
 * The references cache (`api:refs:`, server/utils/creator-ref.ts) is keyed by slug, not creator: a
 * removal empties it, so no slug of a removed creator resolves any more.
 */
function isPurgedBy(key: string, creatorIds: Set<string>, rankings: boolean, removal: boolean): boolean {
  if (key.startsWith(`${PAGE_GROUP}:`)) return true
  if (key.startsWith(`${SITEMAP_GROUP}:`)) return removal
  const [handlerGroup, group, rest = ''] = key.split(':')
  if (handlerGroup !== HANDLER_GROUP) return false
  if (group === 'refs') return removal
  if (group === 'lists') return creatorIds.size > 0
  if (group === 'rankings') return rankings || creatorIds.size > 0
  if (group === 'creator') return creatorIds.has(rest.slice(0, rest.indexOf('__')))
  return false
}

/**
 * Removes the cached answers that a pipeline write made stale: a creator's own answers, the lists
 * and rankings that show creators (a new ranking purges the rankings), and the rendered pages; for
 * a removed creator also the slug references and the sitemap.
 */
export async function purgeApiCache(changes: Iterable<PipelineChange>): Promise<number> {
  const creatorIds = new Set<string>()
  let rankings = false
  let removal = false
  for (const change of changes) {
    if (change.kind === 'creator') creatorIds.add(change.creatorId)
    else rankings = true
    if (change.kind === 'creator' && change.removed) removal = true
  }
  if (creatorIds.size === 0 && !rankings) return 0
  const storage = useStorage(STORAGE_BASE)
  const keys = [...await storage.getKeys(HANDLER_GROUP), ...await storage.getKeys(PAGE_GROUP), ...removal ? await storage.getKeys(SITEMAP_GROUP) : []]
  const stale = keys.filter(key => isPurgedBy(key, creatorIds, rankings, removal))
  await Promise.all(stale.map(key => storage.removeItem(key)))
  return stale.length
}
