import { describe, expect, it } from 'vitest'
import { useFormatters } from '~/composables/useFormatters'

describe('number and date formatting', () => {
  it('renders compact and exact counts, signed percentages and relative times in English until mounted', () => {
    const { formatCompact, formatExact, formatPercent, formatRelative, formatDay } = useFormatters()
    expect(formatCompact(96_200_000)).toBe('96.2M')
    expect(formatCompact(12_345)).toBe('12.3K')
    expect(formatExact(96_200_000)).toBe('96,200,000')
    expect(formatPercent(1.234)).toBe('+1.23 %')
    expect(formatPercent(-0.5)).toBe('-0.5 %')
    expect(formatRelative(new Date(Date.now() - 3 * 3600_000).toISOString())).toBe('3 hours ago')
    expect(formatDay('2026-11-25')).toBe('Nov 25, 2026')
  })

  it('follows the viewer\'s locale once set', () => {
    const { locale, formatExact } = useFormatters()
    locale.value = 'de-DE'
    expect(formatExact(1234567)).toBe('1.234.567')
    locale.value = 'en'
  })
})
