import { defineStore } from 'pinia'
import type { CategoryDto, CategoryListDto, CreatorCategory, CreatorListDto, CreatorSort, Platform } from '#shared/schemas/index.ts'

/** The rankings the Top page offers: the API's sorts that rank (not name or newest). */
export const TOP_SORTS = ['audience', 'views', 'growth'] as const satisfies readonly CreatorSort[]
export type TopSort = typeof TOP_SORTS[number]
export const TOP_PLATFORMS = ['youtube', 'twitch'] as const satisfies readonly Platform[]
export const TOP_PAGE_SIZE = 50
/** The API pages up to offset 10 000. */
const LAST_PAGE = Math.floor(10_000 / TOP_PAGE_SIZE) + 1

/** What the Top page asks for, straight from its URL: unknown values fall back to the defaults. */
export interface TopRequest {
  sort: string | null
  category: string | null
  platform: string | null
  page: string | null
}

/** One page of the Top list (creators ranked by audience, views or growth) and the categories for its filter. */
export const useTopStore = defineStore('top', () => {
  const list = ref<CreatorListDto | null>(null)
  const categories = ref<CategoryDto[]>([])
  const sort = ref<TopSort>('audience')
  const category = ref<CreatorCategory | null>(null)
  const platform = ref<Platform | null>(null)
  const page = ref(1)
  const error = ref<string | null>(null)
  const requestFetch = useRequestFetch()

  async function load(request: TopRequest, signal?: AbortSignal): Promise<boolean> {
    try {
      if (categories.value.length === 0) {
        categories.value = (await requestFetch<CategoryListDto>('/api/categories', { signal })).items
      }
      const wanted = {
        sort: TOP_SORTS.find(known => known === request.sort) ?? 'audience',
        category: categories.value.find(known => known.id === request.category)?.id ?? null,
        platform: TOP_PLATFORMS.find(known => known === request.platform) ?? null,
        page: /^\d+$/.test(request.page ?? '') ? Math.min(Math.max(Number(request.page), 1), LAST_PAGE) : 1,
      }
      list.value = await requestFetch<CreatorListDto>('/api/creators', {
        query: {
          sort: wanted.sort,
          category: wanted.category ?? undefined,
          platform: wanted.platform ?? undefined,
          limit: TOP_PAGE_SIZE,
          offset: (wanted.page - 1) * TOP_PAGE_SIZE,
        },
        signal,
      })
      sort.value = wanted.sort
      category.value = wanted.category
      platform.value = wanted.platform
      page.value = wanted.page
      error.value = null
    }
    catch (failure) {
      if (signal?.aborted) return false
      list.value = null
      error.value = `The list could not be loaded: ${(failure as Error).message}`
    }
    return error.value === null
  }

  const pageCount = computed(() => Math.max(1, Math.ceil((list.value?.total ?? 0) / TOP_PAGE_SIZE)))

  return { list, categories, sort, category, platform, page, pageCount, error, load }
})
