import { $fetch } from '@nuxt/test-utils/e2e'
import { expect, it } from 'vitest'
import type { CreatorListDto } from '../../../shared/schemas/index.ts'
import { getJson } from './helpers.ts'

/** [path with {slug} for a real creator, the field the 400 must name, what the message says]. */
const BAD_INPUTS: Array<[string, string, string]> = [
  ['/api/creators/{slug}/timeline?limit=0', 'limit', 'must be between 1 and 100'],
  ['/api/creators/{slug}/timeline?limit=1.5', 'limit', 'must be a whole number'],
  ['/api/creators/{slug}/timeline?offset=10001', 'offset', 'must be between 0 and 10000'],
  ['/api/creators/{slug}/timeline?type=video', 'type', 'must be one of video_upload, milestone'],
  ['/api/creators/{slug}/timeline?type[$ne]=milestone', 'type', 'must be a plain value'],
  ['/api/creators/{slug}/timeline?platform=kick', 'platform', 'must be one of youtube, twitch'],
  ['/api/creators/{slug}/timeline?before=not-a-cursor', 'before', 'must be a cursor from nextCursor'],
  ['/api/creators/{slug}/timeline?before=MTIzLmV2X2E&offset=5', 'offset', 'cannot be combined with before'],
  ['/api/creators/{slug}/timeline?before=a&before=b', 'before', 'must be given once'],
  ['/api/timeline/{slug}?limit=101', 'limit', 'must be between 1 and 100'],
  ['/api/timeline/recent?before=' + 'A'.repeat(101), 'before', 'must be a cursor from nextCursor'],
  ['/api/timeline/recent?before=MTIzLmV2X2E&offset=1', 'offset', 'cannot be combined with before'],
  ['/api/timeline/recent?type=', 'type', 'must be one of'],
  ['/api/timeline/recent?limit=-1', 'limit', 'must be between 1 and 100'],
  ['/api/creators/{slug}/stats?days=0', 'days', 'must be between 1 and 365'],
  ['/api/creators/{slug}/stats?days=366', 'days', 'must be between 1 and 365'],
  ['/api/creators/{slug}/stats?days=ninety', 'days', 'must be a whole number'],
  ['/api/creators/{slug}/stats?platform=YouTube', 'platform', 'must be one of youtube, twitch'],
  ['/api/stats/growth/{slug}?days=1000', 'days', 'must be between 1 and 365'],
  ['/api/stats/growth/{slug}?days[$gt]=1', 'days', 'must be a plain value'],
  ['/api/stats/growth/{slug}?platform=tiktok', 'platform', 'must be one of youtube, twitch'],
  ['/api/creators/trending?period=1d', 'period', 'must be one of 7d, 30d'],
  ['/api/creators/trending?limit=500', 'limit', 'must be between 1 and 100'],
  ['/api/creators/trending?category=cats', 'category', 'must be one of gaming'],
  ['/api/creators/trending?offset=x', 'offset', 'must be a whole number'],
  ['/api/stats/trending?category=overall', 'category', 'must be one of gaming'],
  ['/api/search', 'q', 'is required'],
  ['/api/search?q=', 'q', 'is required'],
  ['/api/search?q=%20%20', 'q', 'is required'],
  ['/api/search?q=' + 'a'.repeat(101), 'q', 'must be at most 100 characters'],
  ['/api/search?q[$ne]=x', 'q', 'must be a plain value'],
  ['/api/search?q=a&q=b', 'q', 'must be given once'],
  ['/api/search?q=abc&limit=51', 'limit', 'must be between 1 and 50'],
]

/** Every parameter's bad values: a 400 JSON naming the field, never a 5xx. */
export function describeBadInputs() {
  it.each(BAD_INPUTS)('answers 400 for %s naming %s', async (path, field, message) => {
    const [creator] = (await $fetch<CreatorListDto>('/api/creators?limit=1')).items
    const { status, body } = await getJson(path.replace('{slug}', creator!.slug))
    expect(status).toBe(400)
    expect(body).toMatchObject({ statusCode: 400, message: expect.stringContaining(`${field}: ${message}`) })
  })

  it.each([
    '/api/creators/nobody/timeline', '/api/creators/nobody/stats', '/api/stats/growth/nobody', '/api/timeline/nobody',
  ])('answers 404 JSON for the unknown creator of %s', async (path) => {
    const { status, body } = await getJson(path)
    expect(status).toBe(404)
    expect(body).toMatchObject({ statusCode: 404, message: expect.stringMatching(/^(id|creatorId): no creator "nobody"$/) })
  })
}
