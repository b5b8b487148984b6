const PACIFIC = 'America/Los_Angeles'

const pacificDate = new Intl.DateTimeFormat('en-US', { timeZone: PACIFIC, year: 'numeric', month: 'numeric', day: 'numeric' })
const pacificHour = new Intl.DateTimeFormat('en-US', { timeZone: PACIFIC, hour: 'numeric', hourCycle: 'h23' })

/** When YouTube's daily quota resets after `now`: the next midnight in Pacific time. */
export function nextQuotaResetAt(now: Date): Date {
  const parts = Object.fromEntries(pacificDate.formatToParts(now).map(part => [part.type, Number(part.value)]))
  // Pacific midnight is 07:00 or 08:00 UTC depending on daylight saving time: keep the one that reads 0 h there.
  for (const utcHour of [7, 8]) {
    const candidate = new Date(Date.UTC(parts.year!, parts.month! - 1, parts.day! + 1, utcHour))
    if (Number(pacificHour.format(candidate)) === 0) return candidate
  }
  throw new Error(`No Pacific midnight found after ${now.toISOString()}`)
}
