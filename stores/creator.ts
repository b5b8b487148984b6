import { defineStore } from 'pinia'
import type {
  CreatorDto, CreatorProfileDto, GrowthSeriesDto, Platform, SearchResultDto, TimelineEventDto, TimelineEventType, TimelinePageDto,
} from '#shared/schemas/index.ts'

export const GROWTH_RANGES = [30, 90, 365] as const
export type GrowthRange = typeof GROWTH_RANGES[number]
export const DEFAULT_GROWTH_RANGE: GrowthRange = 90
const TIMELINE_PAGE_SIZE = 20

export interface TimelineFilters {
  type: TimelineEventType | null
  platform: Platform | null
}

export interface CollaboratorLink {
  name: string
  url: string
}

/** `?range=30` → 30; anything else is the default range. */
export function growthRangeOf(value: unknown): GrowthRange {
  const range = Number(Array.isArray(value) ? value[0] : value)
  return GROWTH_RANGES.find(allowed => allowed === range) ?? DEFAULT_GROWTH_RANGE
}

/** `@handle` mentions as the API's collaboration pipeline reads them: lowercased, without the `@`. */
function mentionedHandles(text: string): string[] {
  const handles = new Set<string>()
  for (const match of text.matchAll(/(?:^|[^\w@])@([\p{L}\p{N}._-]{2,40})/gu)) {
    handles.add(match[1]!.replace(/[._-]+$/, '').toLowerCase())
  }
  return [...handles]
}

/**
 * The creator page's data: the profile, one growth series and the timeline with its filters and
 * cursor. `load` fills all three during SSR; Pinia hands that state to the client with the page.
 */
export const useCreatorStore = defineStore('creator', () => {
  const requestFetch = useRequestFetch()

  const profile = ref<CreatorDto | null>(null)

  const growth = ref<GrowthSeriesDto | null>(null)
  const growthRange = ref<GrowthRange>(DEFAULT_GROWTH_RANGE)
  const growthLoading = ref(false)
  const growthError = ref<string | null>(null)

  const timeline = ref<TimelineEventDto[]>([])
  const timelineFilters = ref<TimelineFilters>({ type: null, platform: null })
  const nextCursor = ref<string | null>(null)
  /** 'replace' while new filters load, 'append' while "load more" runs. */
  const timelineLoading = ref<'replace' | 'append' | null>(null)
  const timelineError = ref<string | null>(null)

  /** Mentioned handle → the tracked creator holding it, or null when no tracked creator does. */
  const collaboratorsByHandle = ref<Record<string, CollaboratorLink | null>>({})

  // A newer request supersedes an older one still in flight (fast clicks on filters or ranges).
  let growthRequest = 0
  let timelineRequest = 0

  async function fetchGrowth(ref: string, range: GrowthRange) {
    return requestFetch<GrowthSeriesDto>(`/api/stats/growth/${encodeURIComponent(ref)}`, { query: { days: range } })
  }

  async function fetchTimeline(ref: string, filters: TimelineFilters, before?: string) {
    const query = { limit: TIMELINE_PAGE_SIZE, type: filters.type ?? undefined, platform: filters.platform ?? undefined, before }
    return requestFetch<TimelinePageDto>(`/api/creators/${encodeURIComponent(ref)}/timeline`, { query })
  }

  /**
   * The profile, growth series and first timeline page of a creator by slug, fetched in parallel.
   * Throws when the profile cannot be read (a 404 for an unknown slug); the other two only record an error.
   */
  async function load(slug: string, range: GrowthRange = DEFAULT_GROWTH_RANGE) {
    growthRequest++
    timelineRequest++
    const [profileResult, growthResult, timelineResult] = await Promise.allSettled([
      requestFetch<CreatorProfileDto>(`/api/creators/${encodeURIComponent(slug)}`),
      fetchGrowth(slug, range),
      fetchTimeline(slug, { type: null, platform: null }),
    ])
    if (profileResult.status === 'rejected') throw profileResult.reason

    const { timeline: _latest, ...creator } = profileResult.value
    profile.value = creator
    growthRange.value = range
    growthLoading.value = false
    growth.value = growthResult.status === 'fulfilled' ? growthResult.value : null
    growthError.value = growthResult.status === 'rejected' ? 'The growth chart could not be loaded.' : null

    timelineFilters.value = { type: null, platform: null }
    timelineLoading.value = null
    timeline.value = timelineResult.status === 'fulfilled' ? timelineResult.value.items : []
    nextCursor.value = timelineResult.status === 'fulfilled' ? timelineResult.value.nextCursor : null
    timelineError.value = timelineResult.status === 'rejected' ? 'The timeline could not be loaded.' : null
    collaboratorsByHandle.value = {}
    await resolveCollaborators(timeline.value)
    return creator.id
  }

  async function setGrowthRange(range: GrowthRange) {
    if (!profile.value) return
    const request = ++growthRequest
    growthRange.value = range
    growthLoading.value = true
    try {
      const series = await fetchGrowth(profile.value.id, range)
      if (request !== growthRequest) return
      growth.value = series
      growthError.value = null
    }
    catch {
      if (request === growthRequest) growthError.value = 'The growth chart could not be loaded.'
    }
    finally {
      if (request === growthRequest) growthLoading.value = false
    }
  }

  async function setTimelineFilters(filters: TimelineFilters) {
    if (!profile.value) return
    const request = ++timelineRequest
    timelineFilters.value = { ...filters }
    timelineLoading.value = 'replace'
    try {
      const page = await fetchTimeline(profile.value.id, filters)
      if (request !== timelineRequest) return
      timeline.value = page.items
      nextCursor.value = page.nextCursor
      timelineError.value = null
      await resolveCollaborators(page.items)
    }
    catch {
      if (request === timelineRequest) timelineError.value = 'The timeline could not be loaded.'
    }
    finally {
      if (request === timelineRequest) timelineLoading.value = null
    }
  }

  async function loadMoreTimeline() {
    if (!profile.value || !nextCursor.value || timelineLoading.value) return
    const request = ++timelineRequest
    timelineLoading.value = 'append'
    try {
      const page = await fetchTimeline(profile.value.id, timelineFilters.value, nextCursor.value)
      if (request !== timelineRequest) return
      const seen = new Set(timeline.value.map(event => event.id))
      timeline.value = [...timeline.value, ...page.items.filter(event => !seen.has(event.id))]
      nextCursor.value = page.nextCursor
      timelineError.value = null
      await resolveCollaborators(page.items)
    }
    catch {
      if (request === timelineRequest) timelineError.value = 'More events could not be loaded.'
    }
    finally {
      if (request === timelineRequest) timelineLoading.value = null
    }
  }

  /**
   * Collaboration events carry no related-creator field, but their title or description mentions the
   * other creators' handles (that is how the pipeline found them): look each handle up once in search.
   */
  async function resolveCollaborators(events: TimelineEventDto[]) {
    const handles = new Set(events.filter(event => event.type === 'collaboration')
      .flatMap(event => mentionedHandles(`${event.title}\n${event.description}`))
      .filter(handle => !(handle in collaboratorsByHandle.value)))
    await Promise.all([...handles].map(async (handle) => {
      try {
        const result = await requestFetch<SearchResultDto>('/api/search', { query: { q: handle, limit: 5 } })
        const hit = result.items.find(item => item.platforms.youtube?.handle.toLowerCase() === handle || item.platforms.twitch?.login.toLowerCase() === handle)
        collaboratorsByHandle.value[handle] = hit && hit.id !== profile.value?.id ? { name: hit.name, url: hit.url } : null
      }
      catch {
        // A failed look-up only leaves the mention unlinked.
      }
    }))
  }

  function collaboratorsOf(event: TimelineEventDto): CollaboratorLink[] {
    if (event.type !== 'collaboration') return []
    const links = mentionedHandles(`${event.title}\n${event.description}`)
      .map(handle => collaboratorsByHandle.value[handle])
      .filter(link => link !== null && link !== undefined)
    return [...new Map(links.map(link => [link.url, link])).values()]
  }

  return {
    profile, growth, growthRange, growthLoading, growthError,
    timeline, timelineFilters, nextCursor, timelineLoading, timelineError, collaboratorsByHandle,
    load, setGrowthRange, setTimelineFilters, loadMoreTimeline, collaboratorsOf,
  }
})
