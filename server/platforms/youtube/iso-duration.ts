// YouTube writes PT#H#M#S, with days (P#DT#H#M#S) past 24 hours and P0D for live or upcoming
// broadcasts. Years and months have no fixed length in seconds, so they are refused.
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/

/** Seconds of an ISO 8601 duration (`PT21M3S` → 1263), or null when it cannot be read. */
export function isoDurationSeconds(text: string): number | null {
  const match = ISO_DURATION.exec(text)
  // The pattern alone accepts "P" and "P1DT": a duration names at least one part, and T needs one after it.
  if (!match || text === 'P' || text.endsWith('T')) return null
  const [, weeks = '0', days = '0', hours = '0', minutes = '0', seconds = '0'] = match
  return Math.round(((Number(weeks) * 7 + Number(days)) * 24 + Number(hours)) * 3600 + Number(minutes) * 60 + Number(seconds))
}
