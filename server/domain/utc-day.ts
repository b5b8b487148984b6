export const DAY_MS = 86_400_000

/** Midnight UTC of the day `date` falls in. Days are UTC everywhere. */
export function startOfUtcDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS)
}

export function addUtcDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY_MS)
}

/** Whole days from `from` to `to` (both taken as their UTC days). */
export function utcDaysBetween(from: Date, to: Date): number {
  return Math.round((startOfUtcDay(to).getTime() - startOfUtcDay(from).getTime()) / DAY_MS)
}

/** `2026-11-26`. */
export function utcDayKey(date: Date): string {
  return date.toISOString().slice(0, 10)
}
