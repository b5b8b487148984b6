import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs one of server/cli/*.ts as `npm run …` does, with only the given environment (and PATH), in
 * `cwd`. Asynchronous on purpose: a fake server in the test process must keep answering meanwhile.
 */
export function runCli(script: string, args: string[], { env = {}, cwd }: { env?: Record<string, string>, cwd: string }): Promise<CliRun> {
  const path = fileURLToPath(new URL(`../../../server/cli/${script}`, import.meta.url))
  const child = spawn(process.execPath, [path, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => {
    stdout += chunk
  })
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', code => resolve({ code, stdout, stderr }))
  })
}
