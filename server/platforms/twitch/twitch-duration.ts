const DURATION_PATTERN = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/

/** Seconds in a Helix video duration such as "3h8m33s", "45m2s" or "12s"; null when it is not one. */
export function parseTwitchDuration(duration: string): number | null {
  const match = DURATION_PATTERN.exec(duration.trim())
  if (!match || duration.trim() === '') return null
  const [, hours = '0', minutes = '0', seconds = '0'] = match
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds)
}
