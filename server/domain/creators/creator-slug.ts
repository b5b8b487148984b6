/** Top-level route segments a creator slug must never take. */
export const ROUTE_WORDS: ReadonlySet<string> = new Set(['trending', 'recent', 'search', 'top', 'compare', 'admin', 'api', 'new'])

const MAX_SLUG_LENGTH = 60

/** URL-safe form of a name: lowercase ASCII letters and digits joined by single dashes. */
export function slugBaseFor(name: string, fallback = 'creator'): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '')
  return slug === '' ? fallback : slug
}

/** The base itself when free and not a route word, else the base with the lowest free suffix (`-2`, `-3`, …). */
export function chooseFreeSlug(base: string, isTaken: (slug: string) => boolean): string {
  if (!ROUTE_WORDS.has(base) && !isTaken(base)) return base
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base}-${suffix}`
    if (!isTaken(candidate)) return candidate
  }
}

/** Whether `slug` was made from `base` (itself or with a numeric suffix), so a rename that keeps the base keeps the slug. */
export function slugComesFrom(slug: string, base: string): boolean {
  return slug === base || new RegExp(`^${base}-\\d+$`).test(slug)
}
