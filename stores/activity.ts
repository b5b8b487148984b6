import { defineStore } from 'pinia'
import type { FeedEventDto, FeedPageDto, Platform, TimelineEventType } from '#shared/schemas/index.ts'

export interface ActivityFilters {
  type?: TimelineEventType
  platform?: Platform
}

const PAGE_SIZE = 20

/**
 * The activity feed of every creator: one filtered list, paged by the API's cursor. "Load more"
 * appends the page after `nextCursor`, so events published meanwhile never shift or repeat it.
 */
export const useActivityStore = defineStore('activity', () => {
  const requestFetch = useRequestFetch()

  const filters = ref<ActivityFilters>({})
  /** The cursor the list starts after: set on the no-JavaScript "Load more" pages (`?before=`). */
  const startCursor = ref<string | null>(null)
  const items = ref<FeedEventDto[]>([])
  const nextCursor = ref<string | null>(null)
  const error = ref<string | null>(null)
  const loadingMore = ref(false)
  const moreError = ref<string | null>(null)
  // Each load starts a new list: answers for an older list (a filter clicked away) are dropped.
  let generation = 0

  const fetchPage = (wanted: ActivityFilters, before: string | null) =>
    requestFetch<FeedPageDto>('/api/timeline/recent', { query: { limit: PAGE_SIZE, ...wanted, before: before ?? undefined } })

  async function load(wanted: ActivityFilters, before: string | null = null) {
    const request = ++generation
    loadingMore.value = false
    moreError.value = null
    try {
      const page = await fetchPage(wanted, before)
      if (request !== generation) return
      items.value = uniqueById(page.items)
      nextCursor.value = page.nextCursor
      error.value = null
    }
    catch (failure) {
      if (request !== generation) return
      items.value = []
      nextCursor.value = null
      error.value = (failure as { statusCode?: number }).statusCode === 400 && before
        ? 'This page of the feed does not exist (the link may be damaged).'
        : 'The activity feed could not be loaded. Please try again in a moment.'
    }
    filters.value = wanted
    startCursor.value = before
  }

  /** Appends the next page; returns how many new events it added. */
  async function loadMore(): Promise<number> {
    if (!nextCursor.value || loadingMore.value) return 0
    const request = generation
    loadingMore.value = true
    moreError.value = null
    try {
      const page = await fetchPage(filters.value, nextCursor.value)
      if (request !== generation) return 0
      const seen = new Set(items.value.map(item => item.id))
      const added = uniqueById(page.items).filter(item => !seen.has(item.id))
      items.value = [...items.value, ...added]
      nextCursor.value = page.nextCursor
      return added.length
    }
    catch {
      if (request === generation) moreError.value = 'More events could not be loaded. Please try again.'
      return 0
    }
    finally {
      if (request === generation) loadingMore.value = false
    }
  }

  return { filters, startCursor, items, nextCursor, error, loadingMore, moreError, load, loadMore }
})

function uniqueById(events: FeedEventDto[]): FeedEventDto[] {
  return [...new Map(events.map(event => [event.id, event])).values()]
}
