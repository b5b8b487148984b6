/**
 * Numbers and dates for people: compact counts (1.2M), exact values for tooltips, percentages and
 * dates. Pages are rendered once and cached for everyone, so the server renders in English with
 * "now" fixed at render time; once the app is mounted, plugins/viewer-locale.client.ts switches to
 * the viewer's locale and clock, and the text updates (hydration itself always matches).
 */
function createFormats(locale: string) {
  return {
    compact: new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }),
    exact: new Intl.NumberFormat(locale),
    percent: new Intl.NumberFormat(locale, { maximumFractionDigits: 2, signDisplay: 'exceptZero' }),
    day: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }),
    // UTC, like the server: a viewer's own time zone in the browser would not match the SSR text.
    dateTime: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }),
    relative: new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
  }
}

/**
 * Intl formatters are costly to build (they were most of a creator page's render time when each
 * count built its own), so there is one set per locale for the whole process or tab.
 */
const formatsByLocale = new Map<string, ReturnType<typeof createFormats>>()

function formatsFor(locale: string) {
  let formats = formatsByLocale.get(locale)
  if (!formats) formatsByLocale.set(locale, formats = createFormats(locale))
  return formats
}

export function useFormatters() {
  const locale = useState('viewer-locale', () => 'en')
  const now = useState('viewer-now', () => Date.now())
  // Reading locale.value on every call keeps each formatted text reactive to the switch after mount.
  const formats = () => formatsFor(locale.value)

  /** "1.2M"; null (unknown or hidden) is left to the caller. */
  const formatCompact = (value: number) => formats().compact.format(value)
  const formatExact = (value: number) => formats().exact.format(value)
  /** "+1.25 %" from a percentage value. */
  const formatPercent = (value: number) => `${formats().percent.format(value)} %`
  /** A calendar day ("2026-11-25" or a timestamp), as that UTC day. */
  const formatDay = (iso: string) => formats().day.format(new Date(iso))
  const formatDateTime = (iso: string) => `${formats().dateTime.format(new Date(iso))} UTC`

  /** "3 hours ago". */
  function formatRelative(iso: string): string {
    const seconds = (Date.parse(iso) - now.value) / 1000
    const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [['year', 31_536_000], ['month', 2_592_000], ['week', 604_800], ['day', 86_400], ['hour', 3600], ['minute', 60]]
    for (const [unit, size] of units) {
      if (Math.abs(seconds) >= size) return formats().relative.format(Math.round(seconds / size), unit)
    }
    return formats().relative.format(Math.round(seconds), 'second')
  }

  return { locale, formatCompact, formatExact, formatPercent, formatDay, formatDateTime, formatRelative }
}
