import { defineStore } from 'pinia'
import type { SearchHitDto, SearchResultDto } from '#shared/schemas/index.ts'

/** The API's bounds on `q` (shared/schemas/query-params.ts searchQuerySchema). */
export const SEARCH_QUERY_MAX_LENGTH = 100
const SUGGESTION_LIMIT = 8
const RESULTS_LIMIT = 50

/** Why a query has no results page: nothing typed, or more than the API accepts. */
export type SearchQueryProblem = 'empty' | 'too-long'

export function searchQueryProblem(query: string): SearchQueryProblem | null {
  const trimmed = query.trim()
  if (trimmed === '') return 'empty'
  if (trimmed.length > SEARCH_QUERY_MAX_LENGTH) return 'too-long'
  return null
}

/** The message of the API's JSON error ({ statusCode, message }) when there is one. */
function apiErrorOf(failure: unknown): { status?: number, message?: string } {
  const error = failure as { statusCode?: number, data?: { message?: unknown } }
  return { status: error.statusCode, message: typeof error.data?.message === 'string' ? error.data.message : undefined }
}

/**
 * Creator search: the header's typeahead suggestions (client-side, latest query wins) and the
 * /search results page (server-rendered, hydrated from the payload).
 */
export const useSearchStore = defineStore('search', () => {
  const requestFetch = useRequestFetch()

  const results = ref<SearchResultDto | null>(null)
  const resultsQuery = ref('')
  const resultsProblem = ref<SearchQueryProblem | null>(null)
  const resultsError = ref<string | null>(null)

  async function loadResults(query: string) {
    resultsQuery.value = query.trim()
    results.value = null
    resultsError.value = null
    resultsProblem.value = searchQueryProblem(query)
    if (resultsProblem.value) return
    try {
      results.value = await requestFetch<SearchResultDto>('/api/search', { query: { q: resultsQuery.value, limit: RESULTS_LIMIT } })
    }
    catch (failure) {
      const { status, message } = apiErrorOf(failure)
      resultsError.value = status === 400 && message
        ? `That search cannot be run: ${message}.`
        : 'Search is not available right now. Please try again in a moment.'
    }
  }

  const suggestions = ref<SearchHitDto[]>([])
  /** The query the shown suggestions answer (the input may already hold a newer one). */
  const suggestionsQuery = ref('')
  const suggestionsPending = ref(false)
  let latestSuggestion = 0
  let inFlight: AbortController | null = null

  /** Only the answer to the latest call is kept: a slower, older answer never replaces a newer one. */
  async function suggest(query: string) {
    const request = ++latestSuggestion
    inFlight?.abort()
    const trimmed = query.trim()
    if (searchQueryProblem(trimmed)) {
      clearSuggestions()
      return
    }
    const controller = new AbortController()
    inFlight = controller
    suggestionsPending.value = true
    try {
      const answer = await $fetch<SearchResultDto>('/api/search', { query: { q: trimmed, limit: SUGGESTION_LIMIT }, signal: controller.signal })
      if (request !== latestSuggestion) return
      suggestions.value = answer.items
      suggestionsQuery.value = trimmed
    }
    catch {
      // An aborted or failed typeahead call leaves the form to do its job: Enter still searches.
      if (request !== latestSuggestion) return
      suggestions.value = []
      suggestionsQuery.value = trimmed
    }
    finally {
      if (request === latestSuggestion) {
        suggestionsPending.value = false
        inFlight = null
      }
    }
  }

  function clearSuggestions() {
    latestSuggestion++
    inFlight?.abort()
    inFlight = null
    suggestions.value = []
    suggestionsQuery.value = ''
    suggestionsPending.value = false
  }

  return {
    results, resultsQuery, resultsProblem, resultsError, loadResults,
    suggestions, suggestionsQuery, suggestionsPending, suggest, clearSuggestions,
  }
})
