import { defineStore } from 'pinia'
import type { CategoryDto, CategoryListDto, CreatorCategory, TrendingListDto, TrendingPeriod } from '#shared/schemas/index.ts'

/** What the trending page asks for, straight from its URL: unknown values fall back to the overall 7-day ranking. */
export interface TrendingRequest {
  category: string | null
  period: string | null
}

export const TRENDING_PAGE_SIZE = 20

/** The trending ranking the page shows (one category, one period) and the categories for its tabs. */
export const useTrendingStore = defineStore('trending', () => {
  const ranking = ref<TrendingListDto | null>(null)
  const categories = ref<CategoryDto[]>([])
  const category = ref<CreatorCategory | null>(null)
  const period = ref<TrendingPeriod>('7d')
  const error = ref<string | null>(null)
  const requestFetch = useRequestFetch()

  async function load(request: TrendingRequest, signal?: AbortSignal): Promise<boolean> {
    try {
      // The category list is what tells a real category from a mistyped one, so it comes first (once).
      if (categories.value.length === 0) {
        categories.value = (await requestFetch<CategoryListDto>('/api/categories', { signal })).items
      }
      const wanted = categories.value.find(known => known.id === request.category)?.id ?? null
      const wantedPeriod: TrendingPeriod = request.period === '30d' ? '30d' : '7d'
      const list = await requestFetch<TrendingListDto>('/api/creators/trending', {
        query: { category: wanted ?? undefined, period: wantedPeriod, limit: TRENDING_PAGE_SIZE },
        signal,
      })
      ranking.value = list
      category.value = wanted
      period.value = wantedPeriod
      error.value = null
    }
    catch (failure) {
      // A newer request replaced this one: its answer decides what is shown.
      if (signal?.aborted) return false
      ranking.value = null
      error.value = `The ranking could not be loaded: ${(failure as Error).message}`
    }
    return error.value === null
  }

  return { ranking, categories, category, period, error, load }
})
