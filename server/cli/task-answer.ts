import { z } from 'zod'

/** A run as POST /api/admin/tasks/:name answers it (and the direct run alike): what the CLI prints. */
const taskRunSchema = z.union([
  z.object({ task: z.string(), status: z.literal('not-configured'), reason: z.string() }),
  z.object({
    task: z.string(),
    status: z.enum(['ok', 'partial', 'failed', 'skipped']),
    durationMs: z.number(),
    result: z.record(z.string(), z.number()),
    errors: z.array(z.string()),
    errorCount: z.number(),
  }),
])

export const taskAnswerSchema = z.object({ task: z.string(), run: taskRunSchema })
export type TaskAnswer = z.infer<typeof taskAnswerSchema>

/** 0 when the task ran (to its end, or to its time budget); 1 when it failed, was skipped (another run holds its lock) or cannot run here. */
export function exitCodeOf(answer: TaskAnswer): number {
  return answer.run.status === 'ok' || answer.run.status === 'partial' ? 0 : 1
}

/** The answer for a person: a headline, then the counts and the errors the run met. `where` is e.g. "through http://localhost:3000". */
export function describeTaskAnswer({ task, run }: TaskAnswer, where: string): string[] {
  switch (run.status) {
    case 'not-configured':
      return [`${task} did not run ${where}: ${run.reason}.`]
    case 'skipped':
      return [`${task} was skipped ${where}: another run of it holds its lock right now (the schedule or another CLI), so nothing was done.`]
    case 'failed':
      return [`${task} failed after ${secondsOf(run.durationMs)} ${where}.`, ...errorLines(run)]
    case 'ok':
    case 'partial': {
      const withErrors = run.errorCount > 0 ? ` with ${run.errorCount} error${run.errorCount === 1 ? '' : 's'}` : ''
      const headline = run.status === 'ok'
        ? `${task} done in ${secondsOf(run.durationMs)} ${where}${withErrors}.`
        : `${task} stopped at its time budget after ${secondsOf(run.durationMs)} ${where}${withErrors}; the next run goes on.`
      return [headline, ...countLines(run.result), ...errorLines(run)]
    }
  }
}

function countLines(result: Record<string, number>): string[] {
  const width = Math.max(0, ...Object.keys(result).map(name => name.length))
  return Object.entries(result).map(([name, count]) => `  ${name.padEnd(width)}  ${count}`)
}

function errorLines({ errors, errorCount }: { errors: string[], errorCount: number }): string[] {
  if (errorCount === 0) return []
  const unlisted = errorCount - errors.length
  return ['  errors:', ...errors.map(message => `    - ${message}`), ...(unlisted > 0 ? [`    … and ${unlisted} more`] : [])]
}

function secondsOf(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}
