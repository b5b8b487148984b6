import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

export interface ServerProcess {
  child: ChildProcess
  uri: string
  stderr: () => string
}

/** Runs `npm run db:embedded` the way a developer does (its CLI), and waits for the printed connection string. */
export async function startServerProcess(args: string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['server/embedded-mongo/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (chunk) => {
    stderr += chunk
  })
  const lines = createInterface({ input: child.stdout! })
  for await (const line of lines) {
    if (line.startsWith('mongodb://')) return { child, uri: line.trim(), stderr: () => stderr }
  }
  throw new Error(`the server exited before printing its connection string: ${stderr}`)
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise(resolve => child.once('exit', code => resolve(code)))
}
