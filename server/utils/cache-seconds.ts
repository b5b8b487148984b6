// No auto-imports here: the OpenAPI document and its unit test import this file directly.

/**
 * Seconds an answer stays fresh, per the seed design's table (trending 1 h, profile 30 min,
 * timeline 15 min, search 10 min, growth 6 h); lists the seed leaves open follow the data they show.
 * After that it is served stale while one request refreshes it in the background.
 */
export const CACHE_SECONDS = {
  trending: 3600,
  profile: 1800,
  timeline: 900,
  search: 600,
  growth: 21_600,
  creatorList: 1800,
  categories: 3600,
} as const
