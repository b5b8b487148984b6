import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'

/** Returns a factory of fresh temp dirs that are removed after each test. */
export function useTempDirs(): () => Promise<string> {
  const dirs: string[] = []
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map(dir => rm(dir, { recursive: true, force: true })))
  })
  return async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'embedded-mongo-test-'))
    dirs.push(dir)
    return path.join(dir, 'data')
  }
}
