import type { Db } from 'mongodb'
import { collectionsOf, creatorSearchFilter, normaliseSearchText, PUBLIC_CREATORS, type CreatorDocument } from '../db/index.ts'
import type { SEARCH_MATCH_KINDS } from '#shared/schemas/index.ts'

type MatchKind = typeof SEARCH_MATCH_KINDS[number]

/** Matches read per query: enough to rank a typeahead's page; the total is counted separately. */
const CANDIDATES = 200
const MATCH_ORDER: Record<MatchKind, number> = { exact: 0, prefix: 1, word: 2 }

/** The names a query is compared with: display name, slug, YouTube handle, Twitch login and display name. */
function namesOf(creator: CreatorDocument): string[] {
  const { youtube, twitch } = creator.platforms
  return [creator.name, creator.slug, youtube?.handle, youtube?.title, twitch?.login, twitch?.displayName]
    .filter(name => name !== undefined)
    .map(normaliseSearchText)
}

/** Exact when a name equals the query (spaces ignored), prefix when one starts with it, word otherwise. */
function matchKindOf(creator: CreatorDocument, query: string): MatchKind {
  const squeezed = query.replaceAll(' ', '')
  const names = namesOf(creator)
  if (names.some(name => name === query || name.replaceAll(' ', '') === squeezed)) return 'exact'
  if (names.some(name => name.startsWith(query) || name.replaceAll(' ', '').startsWith(squeezed))) return 'prefix'
  return 'word'
}

export interface SearchHit {
  creator: CreatorDocument
  match: MatchKind
}

/**
 * Creators whose names or handles contain every word of the query as a word prefix, case and accents
 * ignored ("pokemon" finds "Pokémon"). Ranked exact, then prefix, then word-prefix matches, ties by
 * audience. Reads the searchTerms index (equality on each term: no $text, no regex, so the query's
 * characters are never operators) plus the searchName index for names starting with the query, so an
 * exact or prefix match is found even among many larger word matches.
 */
export async function searchCreators(db: Db, rawQuery: string, limit: number): Promise<{ hits: SearchHit[], total: number }> {
  const terms = creatorSearchFilter(rawQuery)
  if (!terms) return { hits: [], total: 0 }
  const filter = { ...terms, ...PUBLIC_CREATORS }
  const query = normaliseSearchText(rawQuery)
  const { creators } = collectionsOf(db)
  const projection = { searchTerms: 0 }
  const [byAudience, byName, total] = await Promise.all([
    creators.find(filter, { projection }).sort({ 'sortKeys.subscribers': -1, 'creatorId': 1 }).limit(CANDIDATES).toArray(),
    creators.find({ searchName: { $gte: query, $lt: `${query}\uffff` }, ...PUBLIC_CREATORS }, { projection }).sort({ searchName: 1 }).limit(limit).toArray(),
    creators.countDocuments(filter),
  ])
  const unique = new Map([...byName, ...byAudience].map(creator => [creator.creatorId, creator]))
  const hits = [...unique.values()]
    .map(creator => ({ creator, match: matchKindOf(creator, query) }))
    .sort((a, b) => MATCH_ORDER[a.match] - MATCH_ORDER[b.match]
      || b.creator.sortKeys.subscribers - a.creator.sortKeys.subscribers
      || (a.creator.creatorId < b.creator.creatorId ? -1 : 1))
  return { hits: hits.slice(0, limit), total: Math.max(total, unique.size) }
}
