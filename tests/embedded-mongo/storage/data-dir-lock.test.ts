import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { acquireDataDirLock, readRunningServerUri } from '../../../server/embedded-mongo/storage/data-dir-lock.ts'
import { deadPid } from './dead-pid.ts'
import { openTestStore } from './open-test-store.ts'
import { useTempDirs } from '../temp-dir.ts'

const tempDir = useTempDirs()
const URI = 'mongodb://127.0.0.1:27017/'

async function writeLockOf(dir: string, pid: number): Promise<void> {
  await mkdir(dir, { recursive: true })
  await writeFile(path.join(dir, 'mongod.lock'), JSON.stringify({ pid, startedAt: '2020-01-01T00:00:00.000Z' }))
}

describe('data directory lock', () => {
  it('creates the directory and a lock naming our pid, and release removes it with the uri', async () => {
    const dir = await tempDir()
    const lock = await acquireDataDirLock(dir)
    const content = JSON.parse(await readFile(path.join(dir, 'mongod.lock'), 'utf8'))
    expect(content).toMatchObject({ pid: process.pid, startedAt: expect.any(String) })
    await lock.publishUri(URI)
    expect(await readFile(path.join(dir, 'uri'), 'utf8')).toBe(URI + '\n')
    await lock.release()
    await lock.release()
    expect(await readdir(dir)).toEqual([])
  })

  it('refuses a second lock in the same process, naming the directory, pid and uri', async () => {
    const dir = await tempDir()
    const lock = await acquireDataDirLock(dir)
    await expect(acquireDataDirLock(dir)).rejects.toThrow(
      `Data directory ${dir} is in use by the embedded MongoDB server (pid ${process.pid}) — connect to that server, or stop it first.`,
    )
    await lock.publishUri(URI)
    await expect(acquireDataDirLock(dir)).rejects.toThrow(
      `Data directory ${dir} is in use by the embedded MongoDB server (pid ${process.pid}) at ${URI} — connect to that server, or stop it first.`,
    )
    await lock.release()
  })

  it('refuses a second DurableStore on the same directory until the first closes', async () => {
    const dir = await tempDir()
    const first = await openTestStore(dir)
    await expect(openTestStore(dir)).rejects.toThrow(`(pid ${process.pid})`)
    await first.store.close()
    const second = await openTestStore(dir)
    await second.store.close()
  })

  it('takes over a stale lock left by a dead process', async () => {
    const dir = await tempDir()
    await writeLockOf(dir, await deadPid())
    await writeFile(path.join(dir, 'uri'), 'mongodb://127.0.0.1:1/\n')
    expect(await readRunningServerUri(dir)).toBeUndefined()

    const test = await openTestStore(dir)
    expect(JSON.parse(await readFile(path.join(dir, 'mongod.lock'), 'utf8')).pid).toBe(process.pid)
    await test.store.lock.publishUri(URI)
    expect(await readRunningServerUri(dir)).toBe(URI)
    await test.store.close()
    expect(await readdir(dir)).not.toContain('mongod.lock')
  })

  it('takes over an old lock file whose content was never written', async () => {
    const dir = await tempDir()
    await mkdir(dir, { recursive: true })
    await writeFile(path.join(dir, 'mongod.lock'), '')
    const aMinuteAgo = new Date(Date.now() - 60_000)
    await utimes(path.join(dir, 'mongod.lock'), aMinuteAgo, aMinuteAgo)
    const lock = await acquireDataDirLock(dir)
    expect(JSON.parse(await readFile(path.join(dir, 'mongod.lock'), 'utf8')).pid).toBe(process.pid)
    await lock.release()
  })

  it('reads the running server uri only while a live process holds the lock', async () => {
    const dir = await tempDir()
    expect(await readRunningServerUri(dir)).toBeUndefined()
    const lock = await acquireDataDirLock(dir)
    expect(await readRunningServerUri(dir)).toBeUndefined()
    await lock.publishUri(URI)
    expect(await readRunningServerUri(dir)).toBe(URI)
    await lock.release()
    expect(await readRunningServerUri(dir)).toBeUndefined()
  })

  it('does not remove a lock that another process has since taken', async () => {
    const dir = await tempDir()
    const lock = await acquireDataDirLock(dir)
    await lock.publishUri(URI)
    await writeLockOf(dir, process.ppid)
    await lock.release()
    expect((await readdir(dir)).sort()).toEqual(['mongod.lock', 'uri'])
  })
})
