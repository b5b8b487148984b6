/** Progress on stderr: a redrawn bar on a terminal, a plain line every few percent otherwise (logs, CI). */
export interface ProgressReporter {
  update(done: number, total: number, label: string): void
  finish(message: string): void
}

const BAR_WIDTH = 30
const PLAIN_STEP_PERCENT = 10

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (stream.isTTY) {
    return {
      update(done, total, label) {
        const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH)
        stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${label}\u001B[K`)
      },
      finish(message) {
        stream.write(`\r\u001B[K${message}\n`)
      },
    }
  }
  let lastReported = -1
  return {
    update(done, total, label) {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100)
      const step = Math.floor(percent / PLAIN_STEP_PERCENT)
      if (step === lastReported && done !== total) return
      lastReported = step
      stream.write(`${percent}% (${done}/${total}) ${label}\n`)
    },
    finish(message) {
      stream.write(`${message}\n`)
    },
  }
}

/** Work of unknown length on stderr: a spinner with the elapsed time on a terminal; a start line and a line every half minute otherwise. */
export interface ElapsedReporter {
  /** Clears the spinner (a terminal) before the result is printed. */
  stop(): void
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
const SPIN_EVERY_MS = 100
const PLAIN_EVERY_MS = 30_000

export function elapsedReporter(label: string, stream: NodeJS.WriteStream = process.stderr): ElapsedReporter {
  const startedAt = performance.now()
  const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(1)} s`
  let frame = 0
  const draw = stream.isTTY
    ? () => stream.write(`\r${SPINNER[frame++ % SPINNER.length]} ${label} ${elapsed()}\u001B[K`)
    : () => stream.write(`${label}, ${elapsed()} so far\n`)
  if (stream.isTTY) draw()
  else stream.write(`${label}\n`)
  // unref: a spinner never keeps the process alive on its own.
  const timer = setInterval(draw, stream.isTTY ? SPIN_EVERY_MS : PLAIN_EVERY_MS).unref()
  let stopped = false
  return {
    stop() {
      if (stopped) return
      stopped = true
      clearInterval(timer)
      if (stream.isTTY) stream.write('\r\u001B[K')
    },
  }
}
