/**
 * The API's fixed vocabularies, without zod: pages import them from here so the validation library
 * stays out of the browser bundle (shared/schemas builds its zod enums from these same lists).
 */
export const CREATOR_CATEGORIES = [
  'gaming', 'music', 'technology', 'education', 'entertainment',
  'comedy', 'sports', 'food', 'lifestyle', 'science',
] as const
export const PLATFORMS = ['youtube', 'twitch'] as const
export const CREATOR_SORTS = ['audience', 'growth', 'views', 'name', 'newest'] as const
export const TIMELINE_EVENT_TYPES = ['video_upload', 'milestone', 'collaboration', 'announcement', 'stream'] as const
export const TRENDING_PERIODS = ['7d', '30d'] as const
