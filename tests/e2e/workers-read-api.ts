import { expect } from 'vitest'
import { API_OPERATIONS } from '../../server/openapi/api-operations.ts'
import type { CreatorDto } from '../../shared/schemas/index.ts'

/** The query a route needs to answer 200 (its required parameters), beyond its path parameters. */
const REQUIRED_QUERY: Record<string, (creator: CreatorDto) => string> = {
  '/api/search': creator => `q=${encodeURIComponent(creator.name.slice(0, 3))}`,
}

/** One request per public API route (every entry of the OpenAPI document), filled in for a real creator. */
export function everyApiRequest(creator: CreatorDto): Array<{ path: string, parse: (body: unknown) => unknown }> {
  return API_OPERATIONS.map((operation) => {
    const path = operation.path.replace('{id}', creator.slug).replace('{creatorId}', creator.id)
    const query = REQUIRED_QUERY[operation.path]?.(creator)
    return { path: query ? `${path}?${query}` : path, parse: body => operation.response.parse(body) }
  })
}

/** [path with {slug} for a real creator, status, what the JSON message says]: the failures every client can meet. */
export const API_FAILURES: Array<[string, number, string]> = [
  ['/api/creators/no-such-creator', 404, 'id: no creator "no-such-creator"'],
  ['/api/stats/growth/no-such-creator', 404, 'creatorId: no creator "no-such-creator"'],
  ['/api/creators?limit=0', 400, 'limit: must be between 1 and 100'],
  ['/api/creators/{slug}/timeline?before=not-a-cursor', 400, 'before: must be a cursor from nextCursor'],
  ['/api/search?q[$ne]=x', 400, 'q: must be a plain value'],
]

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

/** A server-rendered page: 200 and these texts in its HTML. */
export async function expectPage(baseUrl: string, path: string, mustShow: string[]): Promise<void> {
  const response = await fetch(baseUrl + path, { headers: { Accept: 'text/html' } })
  expect(response.status, path).toBe(200)
  const html = await response.text()
  for (const text of mustShow) expect(html, path).toContain(escapeHtml(text))
}
