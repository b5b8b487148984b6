import { spawn } from 'node:child_process'

/** The pid of a process that has already exited, as a kill -9'd server leaves behind. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise(resolve => child.once('exit', resolve))
  if (child.pid === undefined) throw new Error('could not spawn a short-lived process')
  return child.pid
}
