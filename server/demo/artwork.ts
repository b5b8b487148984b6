/**
 * The demo world's pictures: small SVGs drawn by this app at /demo-art/<kind>.svg from the few
 * numbers in the URL (server/routes/demo-art/[kind].get.ts), so the demo needs no image host, and its
 * image URLs are short like a real CDN's: a data URI would put kilobytes into every API answer and
 * page, and no browser could cache it apart from them.
 */

export type ArtKind = 'avatar' | 'banner' | 'thumbnail'

export interface ArtParams {
  /** Gradient colours, six hex digits each (no #). */
  from: string
  to: string
  /** Gradient angle in degrees (avatar, thumbnail). */
  angle?: number
  /** Initials (avatar). */
  text?: string
  /** Circle positions and sizes, each 0-99, three per circle (banner). */
  shapes?: number[]
}

const hex = (colour: string) => colour.replace(/^#/, '').toLowerCase()

function urlOf(kind: ArtKind, params: Record<string, string | number>): string {
  return `/demo-art/${kind}.svg?${new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)]))}`
}

function initialsOf(name: string): string {
  const words = name.split(/\s+/).filter(word => /[\p{L}\p{N}]/u.test(word))
  const letters = words.length > 1 ? [words[0]![0], words[1]![0]] : [...(words[0] ?? '?')].slice(0, 2)
  return letters.join('').toUpperCase()
}

/** A round badge with the creator's initials on a two-colour gradient. */
export function avatarFor(name: string, [from, to]: readonly [string, string], angle: number): string {
  return urlOf('avatar', { text: initialsOf(name), from: hex(from), to: hex(to), angle })
}

/** A wide banner: gradient with a few soft circles placed by `shapes` (numbers in [0, 1)). */
export function bannerFor([from, to]: readonly [string, string], shapes: readonly number[]): string {
  return urlOf('banner', { from: hex(from), to: hex(to), shapes: shapes.map(shape => Math.floor(shape * 100)).join('.') })
}

/** A 16:9 thumbnail: the creator's colours at a per-video angle, with a play mark. */
export function thumbnailFor([from, to]: readonly [string, string], angle: number): string {
  return urlOf('thumbnail', { from: hex(from), to: hex(to), angle })
}

function escapeXml(text: string): string {
  return text.replace(/[&<>'"]/g, char => `&#${char.charCodeAt(0)};`)
}

function gradient(params: ArtParams): string {
  const rotate = params.angle === undefined ? '' : ` gradientTransform='rotate(${params.angle} .5 .5)'`
  return `<defs><linearGradient id='g'${rotate}><stop offset='0' stop-color='#${params.from}'/><stop offset='1' stop-color='#${params.to}'/></linearGradient></defs>`
}

/** The SVG document of a picture; the parameters are validated by the route. */
export function renderArt(kind: ArtKind, params: ArtParams): string {
  const open = (viewBox: string, extra = '') => `<svg xmlns='http://www.w3.org/2000/svg' viewBox='${viewBox}'${extra}>${gradient(params)}`
  switch (kind) {
    case 'avatar':
      return `${open('0 0 96 96')}<circle cx='48' cy='48' r='48' fill='url(#g)'/>`
        + `<text x='48' y='60' font-family='system-ui,sans-serif' font-size='34' font-weight='700' text-anchor='middle' fill='#fff'>${escapeXml(params.text ?? '')}</text></svg>`
    case 'banner': {
      const shapes = params.shapes ?? []
      const circles: string[] = []
      for (let i = 0; i + 2 < shapes.length; i += 3) {
        circles.push(`<circle cx='${shapes[i]! * 12}' cy='${shapes[i + 1]! * 2}' r='${30 + Math.round(shapes[i + 2]! * 1.2)}' fill='#fff' fill-opacity='.12'/>`)
      }
      return `${open('0 0 1200 200', ` preserveAspectRatio='xMidYMid slice'`)}<rect width='1200' height='200' fill='url(#g)'/>${circles.join('')}</svg>`
    }
    case 'thumbnail':
      return `${open('0 0 160 90')}<rect width='160' height='90' fill='url(#g)'/><path d='M70 32v26l22-13z' fill='#fff' fill-opacity='.85'/></svg>`
  }
}
