/**
 * What an unknown value sorts as in `creators.sortKeys`: below every real value, so descending
 * lists ("top by subscribers", "fastest growing") put unknowns last.
 */
export const UNKNOWN_SORT_KEY = -1e15

export function sortKeyOf(value: number | null): number {
  return value ?? UNKNOWN_SORT_KEY
}

export function dateSortKeyOf(value: Date | null): number {
  return value ? value.getTime() : UNKNOWN_SORT_KEY
}
