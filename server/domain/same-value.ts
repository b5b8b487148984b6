/**
 * Deep equality of stored values (plain objects, arrays, dates, primitives), key order ignored. Used
 * to skip writes that would change nothing; kept here rather than node:util so Workers bundles need
 * no polyfill.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]))
  }
  const aKeys = Object.keys(a).filter(key => (a as Record<string, unknown>)[key] !== undefined)
  const bKeys = Object.keys(b).filter(key => (b as Record<string, unknown>)[key] !== undefined)
  return aKeys.length === bKeys.length && aKeys.every(key => sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
}
