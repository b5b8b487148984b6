import { spawn } from 'node:child_process'
import { readdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { openTestStore } from './open-test-store.ts'
import { useTempDirs } from '../temp-dir.ts'

const tempDir = useTempDirs()
const FIXTURE = fileURLToPath(new URL('./fixtures/append-until-killed.ts', import.meta.url))
const KILL_AFTER_ACKS = 1500

/** Runs the appender until it has acknowledged `count` records, SIGKILLs it, returns every acknowledged seq. */
async function runAndKill(dir: string, count: number): Promise<number[]> {
  const child = spawn(process.execPath, [FIXTURE, dir], { stdio: ['ignore', 'pipe', 'pipe'] })
  const acked: number[] = []
  let partial = ''
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n')
        partial = lines.pop() ?? ''
        for (const line of lines) acked.push(Number(line))
        if (acked.length >= count) {
          child.kill('SIGKILL')
          resolve()
        }
      })
      child.once('exit', (code, signal) => reject(new Error(`appender exited early (${code ?? signal}): ${stderr}`)))
    })
  }
  finally {
    child.kill('SIGKILL')
    await exited
  }
  return acked
}

describe('kill -9 during a burst of appends', () => {
  it('keeps every acknowledged record, across two crashes and the compactions between them', async () => {
    const dir = await tempDir()
    const firstRun = await runAndKill(dir, KILL_AFTER_ACKS)
    const secondRun = await runAndKill(dir, KILL_AFTER_ACKS)

    const test = await openTestStore(dir)
    const present = new Set(test.state.docs('app', 'items').map(doc => doc['_id']))
    const missing = [...firstRun, ...secondRun].filter(seq => !present.has(seq))
    expect(missing).toEqual([])
    expect((await readdir(dir)).some(name => name.startsWith('snapshot-'))).toBe(true)
    await test.store.close()
  })
})
