import { searchQuerySchema, type SearchResultDto } from '#shared/schemas/index.ts'
import { normaliseSearchText } from '../db/index.ts'
import { searchCreators } from '../queries/creator-search.ts'

/** Creators by name or handle: `?q` (1-100 characters) `&limit` (1-50, default 10). */
export default defineCachedApiHandler({
  group: 'lists',
  maxAge: CACHE_SECONDS.search,
  input: event => validatedQuery(event, searchQuerySchema),
  // "Pokémon" and "pokemon " find the same creators: one entry for both.
  key: query => cacheKeyOf('search', { q: normaliseSearchText(query.q), limit: query.limit }),
  handler: async (event, query): Promise<SearchResultDto> => {
    const { hits, total } = await readDatabase(event, db => searchCreators(db, query.q, query.limit))
    return { items: hits.map(hit => ({ ...toCreatorDto(hit.creator), match: hit.match })), total, limit: query.limit, offset: 0, query: query.q }
  },
})
