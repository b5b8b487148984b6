import type { H3Event } from 'h3'

interface TimingEntry {
  name: string
  ms: number
}

/** Adds time to a Server-Timing metric of the request (repeated calls add up). */
export function addServerTiming(event: H3Event, name: string, ms: number): void {
  const entries: TimingEntry[] = event.context.serverTiming ??= []
  const known = entries.find(entry => entry.name === name)
  if (known) known.ms += ms
  else entries.push({ name, ms })
}

/** `cache;desc="hit", db;dur=1.8, total;dur=2.4`. */
export function serverTimingHeader(event: H3Event, totalMs: number): string {
  const parts: string[] = []
  if (event.context.cacheStatus) parts.push(`cache;desc="${event.context.cacheStatus}"`)
  for (const entry of (event.context.serverTiming ?? []) as TimingEntry[]) parts.push(`${entry.name};dur=${entry.ms.toFixed(1)}`)
  parts.push(`total;dur=${totalMs.toFixed(1)}`)
  return parts.join(', ')
}
