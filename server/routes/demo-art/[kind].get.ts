import { z } from 'zod'
import { renderArt } from '../../demo/artwork.ts'
import { integerParam } from '#shared/schemas/index.ts'

const colour = z.string().regex(/^[0-9a-f]{6}$/, 'must be six lowercase hex digits')
const artQuerySchema = z.object({
  from: colour,
  to: colour,
  angle: integerParam(0, 359, 0).optional(),
  text: z.string().regex(/^[\p{L}\p{N}?]{1,2}$/u, 'must be one or two letters or digits').optional(),
  shapes: z.string().regex(/^\d{1,2}(?:\.\d{1,2}){0,11}$/, 'must be up to 12 numbers 0-99 joined by dots').optional(),
})
const artKindSchema = z.object({
  kind: z.enum(['avatar.svg', 'banner.svg', 'thumbnail.svg'], { error: 'must be avatar.svg, banner.svg or thumbnail.svg' }),
})

/** The demo world's pictures (server/demo/artwork.ts): the same URL always draws the same SVG, so browsers keep it for a year. */
export default defineEventHandler((event) => {
  const { kind } = validatedRouterParams(event, artKindSchema)
  const query = validatedQuery(event, artQuerySchema)
  setResponseHeaders(event, {
    'Content-Type': 'image/svg+xml; charset=utf-8',
    'Cache-Control': 'public, max-age=31536000, immutable',
  })
  return renderArt(kind.replace('.svg', '') as 'avatar' | 'banner' | 'thumbnail', {
    ...query,
    shapes: query.shapes?.split('.').map(Number),
  })
})
