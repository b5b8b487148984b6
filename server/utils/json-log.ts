/**
 * Structured logs: one JSON object per line on stdout. Under Node the lines of one event-loop turn are
 * written together (one write instead of one per request under load); on Workers console.log is the
 * log sink.
 */
let pending: string[] = []
let flushScheduled = false

function flush(): void {
  flushScheduled = false
  const lines = pending
  pending = []
  process.stdout.write(lines.join(''))
}

export function writeJsonLog(record: Record<string, unknown>): void {
  const line = JSON.stringify({ time: new Date().toISOString(), ...record })
  if (isRunningOnWorkers() || typeof setImmediate !== 'function') {
    console.log(line)
    return
  }
  pending.push(`${line}\n`)
  if (!flushScheduled) {
    flushScheduled = true
    setImmediate(flush)
  }
}
