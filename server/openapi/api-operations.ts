import { z } from 'zod'
import {
  categoryListDtoSchema, creatorIdParamsSchema, creatorListDtoSchema, creatorListQuerySchema, creatorProfileDtoSchema,
  creatorRefParamsSchema, creatorStatsReportDtoSchema, feedPageDtoSchema, growthQuerySchema, growthSeriesDtoSchema,
  searchQuerySchema, searchResultDtoSchema, timelinePageDtoSchema, timelineQuerySchema, trendingListDtoSchema,
  trendingQuerySchema, trendingStatsDtoSchema, trendingStatsQuerySchema,
} from '../../shared/schemas/index.ts'
import type { CACHE_SECONDS } from '../utils/cache-seconds.ts'

/**
 * The read API as the OpenAPI document and /docs/api describe it: one entry per route file under
 * server/api (tests/unit/openapi checks both ways). Parameter and response facts come from the zod
 * schemas the handlers validate with; only the prose and the route-specific failures are written here.
 * Explicit imports only (no Nitro auto-imports), so plain unit tests can load and type-check it.
 */

/** Failures a route can answer besides 400 (any route with parameters) and 429 (every route). */
export type RouteErrorStatus = 404 | 503

export interface ApiOperation {
  /** The OpenAPI operationId, also the docs page's anchor. */
  id: string
  method: 'get'
  /** OpenAPI style: `/api/creators/{id}`. */
  path: string
  summary: string
  description: string
  tags: string[]
  params?: z.ZodObject
  query?: z.ZodObject
  response: z.ZodType
  /** The handler's `maxAge: CACHE_SECONDS.<cache>`. */
  cache?: keyof typeof CACHE_SECONDS
  errors: RouteErrorStatus[]
}

// /api/ping and /api/health build their answers by hand (no shared DTO): these schemas document them.
export const pingDtoSchema = z.object({ ok: z.literal(true) })
export const healthDtoSchema = z.looseObject({
  status: z.string().describe('`ok` once the demo world is ready, else the readiness phase.'),
  engine: z.enum(['embedded', 'external']),
  database: z.string(),
  counts: z.record(z.string(), z.int().nonnegative()).describe('Documents per collection (estimated).'),
})

export const API_OPERATIONS: ApiOperation[] = [
  {
    id: 'listCreators',
    method: 'get',
    path: '/api/creators',
    summary: 'List creators',
    description: 'One page of creators, filtered by category and platform, in the chosen order, with the total across all pages.',
    tags: ['Creators'],
    query: creatorListQuerySchema,
    response: creatorListDtoSchema,
    cache: 'creatorList',
    errors: [503],
  },
  {
    id: 'listTrendingCreators',
    method: 'get',
    path: '/api/creators/trending',
    summary: 'Trending creators',
    description: 'The latest trending ranking, overall or of one category, each row with its creator and a 30-day audience sparkline.',
    tags: ['Creators', 'Stats'],
    query: trendingQuerySchema,
    response: trendingListDtoSchema,
    cache: 'trending',
    errors: [503],
  },
  {
    id: 'getCreator',
    method: 'get',
    path: '/api/creators/{id}',
    summary: 'A creator\'s profile',
    description: 'The creator\'s profile and statistics with its latest 20 timeline events.',
    tags: ['Creators'],
    params: creatorRefParamsSchema,
    response: creatorProfileDtoSchema,
    cache: 'profile',
    errors: [404, 503],
  },
  {
    id: 'getCreatorTimeline',
    method: 'get',
    path: '/api/creators/{id}/timeline',
    summary: 'A creator\'s timeline',
    description: 'The creator\'s events, newest first. Page with `nextCursor` (stable) or `offset`.',
    tags: ['Creators', 'Timeline'],
    params: creatorRefParamsSchema,
    query: timelineQuerySchema,
    response: timelinePageDtoSchema,
    cache: 'timeline',
    errors: [404, 503],
  },
  {
    id: 'getCreatorStats',
    method: 'get',
    path: '/api/creators/{id}/stats',
    summary: 'A creator\'s statistics',
    description: 'How each metric changed over the period, with the daily snapshots behind it.',
    tags: ['Creators', 'Stats'],
    params: creatorRefParamsSchema,
    query: growthQuerySchema,
    response: creatorStatsReportDtoSchema,
    cache: 'growth',
    errors: [404, 503],
  },
  {
    id: 'searchCreators',
    method: 'get',
    path: '/api/search',
    summary: 'Search creators',
    description: 'Creators whose name or handle matches, exact matches first, then prefixes, then words.',
    tags: ['Search'],
    query: searchQuerySchema,
    response: searchResultDtoSchema,
    cache: 'search',
    errors: [503],
  },
  {
    id: 'listRecentEvents',
    method: 'get',
    path: '/api/timeline/recent',
    summary: 'Activity feed',
    description: 'Every creator\'s events, newest first, each with enough of its creator to show a feed row.',
    tags: ['Timeline'],
    query: timelineQuerySchema,
    response: feedPageDtoSchema,
    cache: 'timeline',
    errors: [503],
  },
  {
    id: 'getTimelineByCreatorId',
    method: 'get',
    path: '/api/timeline/{creatorId}',
    summary: 'A creator\'s timeline (alias)',
    description: 'The same as `/api/creators/{id}/timeline`.',
    tags: ['Timeline'],
    params: creatorIdParamsSchema,
    query: timelineQuerySchema,
    response: timelinePageDtoSchema,
    cache: 'timeline',
    errors: [404, 503],
  },
  {
    id: 'getTrendingStats',
    method: 'get',
    path: '/api/stats/trending',
    summary: 'Trending statistics',
    description: 'Over the 7-day ranking: each category\'s leader, the biggest gainers and losers, and totals.',
    tags: ['Stats'],
    query: trendingStatsQuerySchema,
    response: trendingStatsDtoSchema,
    cache: 'trending',
    errors: [503],
  },
  {
    id: 'getGrowthSeries',
    method: 'get',
    path: '/api/stats/growth/{creatorId}',
    summary: 'A creator\'s growth chart',
    description: 'One point per day over the period, oldest first; a day without a recorded value is null.',
    tags: ['Stats'],
    params: creatorIdParamsSchema,
    query: growthQuerySchema,
    response: growthSeriesDtoSchema,
    cache: 'growth',
    errors: [404, 503],
  },
  {
    id: 'listCategories',
    method: 'get',
    path: '/api/categories',
    summary: 'Categories',
    description: 'Every category with its number of creators, as a one-page list.',
    tags: ['Categories'],
    response: categoryListDtoSchema,
    cache: 'categories',
    errors: [503],
  },
  {
    id: 'ping',
    method: 'get',
    path: '/api/ping',
    summary: 'Liveness',
    description: 'Answers without touching the database: the server is up.',
    tags: ['Service'],
    response: pingDtoSchema,
    errors: [],
  },
  {
    id: 'getHealth',
    method: 'get',
    path: '/api/health',
    summary: 'Readiness',
    description: 'Touches the database: the engine, per-collection counts and the last pipeline run; 503 when it cannot be reached.',
    tags: ['Service'],
    response: healthDtoSchema,
    errors: [503],
  },
]
