/**
 * Numbers and dates for people: compact counts (1.2M), exact values for tooltips, percentages and
 * dates. Pages are rendered once and cached for everyone, so the server renders in English with
 * "now" fixed at render time; once the app is mounted, plugins/viewer-locale.client.ts switches to
 * the viewer's locale and clock, and the text updates (hydration itself always matches).
 */
export function useFormatters() {
  const locale = useState('viewer-locale', () => 'en')
  const now = useState('viewer-now', () => Date.now())

  const formats = computed(() => ({
    compact: new Intl.NumberFormat(locale.value, { notation: 'compact', maximumFractionDigits: 1 }),
    exact: new Intl.NumberFormat(locale.value),
    percent: new Intl.NumberFormat(locale.value, { maximumFractionDigits: 2, signDisplay: 'exceptZero' }),
    day: new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeZone: 'UTC' }),
    dateTime: new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'short' }),
    relative: new Intl.RelativeTimeFormat(locale.value, { numeric: 'auto' }),
  }))

  /** "1.2M"; null (unknown or hidden) is left to the caller. */
  const formatCompact = (value: number) => formats.value.compact.format(value)
  const formatExact = (value: number) => formats.value.exact.format(value)
  /** "+1.25 %" from a percentage value. */
  const formatPercent = (value: number) => `${formats.value.percent.format(value)} %`
  /** A calendar day ("2026-11-25" or a timestamp), as that UTC day. */
  const formatDay = (iso: string) => formats.value.day.format(new Date(iso))
  const formatDateTime = (iso: string) => formats.value.dateTime.format(new Date(iso))

  /** "3 hours ago". */
  function formatRelative(iso: string): string {
    const seconds = (Date.parse(iso) - now.value) / 1000
    const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [['year', 31_536_000], ['month', 2_592_000], ['week', 604_800], ['day', 86_400], ['hour', 3600], ['minute', 60]]
    for (const [unit, size] of units) {
      if (Math.abs(seconds) >= size) return formats.value.relative.format(Math.round(seconds / size), unit)
    }
    return formats.value.relative.format(Math.round(seconds), 'second')
  }

  return { locale, formatCompact, formatExact, formatPercent, formatDay, formatDateTime, formatRelative }
}
