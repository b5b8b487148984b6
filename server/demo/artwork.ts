/** Pictures drawn here as small SVG data URIs: the demo world needs no image host and no network. */

function dataUri(svg: string): string {
  return `data:image/svg+xml,${encodeURIComponent(svg)}`
}

function initialsOf(name: string): string {
  const words = name.split(/\s+/).filter(word => /[\p{L}\p{N}]/u.test(word))
  const letters = words.length > 1 ? [words[0]![0], words[1]![0]] : [...(words[0] ?? '?')].slice(0, 2)
  return letters.join('').toUpperCase()
}

function escapeXml(text: string): string {
  return text.replace(/[&<>'"]/g, char => `&#${char.charCodeAt(0)};`)
}

/** A round badge with the creator's initials on a two-colour gradient. */
export function avatarFor(name: string, [from, to]: readonly [string, string], angle: number): string {
  return dataUri(
    `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 96 96'>`
    + `<defs><linearGradient id='g' gradientTransform='rotate(${angle} .5 .5)'><stop offset='0' stop-color='${from}'/><stop offset='1' stop-color='${to}'/></linearGradient></defs>`
    + `<circle cx='48' cy='48' r='48' fill='url(#g)'/>`
    + `<text x='48' y='60' font-family='system-ui,sans-serif' font-size='34' font-weight='700' text-anchor='middle' fill='#fff'>${escapeXml(initialsOf(name))}</text>`
    + `</svg>`,
  )
}

/** A wide banner: gradient with a few soft circles placed by `shapes` (numbers in [0, 1)). */
export function bannerFor([from, to]: readonly [string, string], shapes: readonly number[]): string {
  const circles: string[] = []
  for (let i = 0; i + 2 < shapes.length; i += 3) {
    circles.push(`<circle cx='${Math.round(shapes[i]! * 1200)}' cy='${Math.round(shapes[i + 1]! * 200)}' r='${Math.round(30 + shapes[i + 2]! * 120)}' fill='#fff' fill-opacity='.12'/>`)
  }
  return dataUri(
    `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1200 200' preserveAspectRatio='xMidYMid slice'>`
    + `<defs><linearGradient id='g'><stop offset='0' stop-color='${from}'/><stop offset='1' stop-color='${to}'/></linearGradient></defs>`
    + `<rect width='1200' height='200' fill='url(#g)'/>${circles.join('')}</svg>`,
  )
}

/** A 16:9 thumbnail: the creator's colours at a per-video angle, with a play mark. */
export function thumbnailFor([from, to]: readonly [string, string], angle: number): string {
  return dataUri(
    `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 160 90'>`
    + `<defs><linearGradient id='g' gradientTransform='rotate(${angle} .5 .5)'><stop offset='0' stop-color='${from}'/><stop offset='1' stop-color='${to}'/></linearGradient></defs>`
    + `<rect width='160' height='90' fill='url(#g)'/><path d='M70 32v26l22-13z' fill='#fff' fill-opacity='.85'/></svg>`,
  )
}
