import { defineStore } from 'pinia'
import type { CategoryDto, CategoryListDto, FeedEventDto, FeedPageDto, TrendingItemDto, TrendingListDto, TrendingStatsDto } from '#shared/schemas/index.ts'

export const DASHBOARD_TRENDING_COUNT = 8
export const DASHBOARD_EVENT_COUNT = 10

/** The dashboard's figures: this week's top trending creators, the newest events, totals and categories. */
export const useDashboardStore = defineStore('dashboard', () => {
  const trending = ref<TrendingItemDto[]>([])
  const stats = ref<TrendingStatsDto | null>(null)
  const events = ref<FeedEventDto[]>([])
  const categories = ref<CategoryDto[]>([])
  const error = ref<string | null>(null)
  const requestFetch = useRequestFetch()

  async function load(signal?: AbortSignal): Promise<boolean> {
    try {
      const [ranking, trendingStats, feed, categoryList] = await Promise.all([
        requestFetch<TrendingListDto>('/api/creators/trending', { query: { limit: DASHBOARD_TRENDING_COUNT }, signal }),
        requestFetch<TrendingStatsDto>('/api/stats/trending', { signal }),
        requestFetch<FeedPageDto>('/api/timeline/recent', { query: { limit: DASHBOARD_EVENT_COUNT }, signal }),
        requestFetch<CategoryListDto>('/api/categories', { signal }),
      ])
      trending.value = ranking.items
      stats.value = trendingStats
      events.value = feed.items
      categories.value = categoryList.items
      error.value = null
    }
    catch (failure) {
      if (signal?.aborted) return false
      error.value = `The dashboard could not be loaded: ${(failure as Error).message}`
    }
    return error.value === null
  }

  return { trending, stats, events, categories, error, load }
})
