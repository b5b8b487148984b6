import { link, mkdir, open, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'

export interface DataDirLock {
  readonly dir: string
  /** Atomically records the connection string so other processes can find this server. */
  publishUri(uri: string): Promise<void>
  /** Removes the uri file and the lock file, if the lock is still ours. */
  release(): Promise<void>
}

interface LockOwner {
  pid: number
  startedAt: string
}

const LOCK_FILE = 'mongod.lock'
const URI_FILE = 'uri'
const ACQUIRE_ATTEMPTS = 200
// An unparsable lock this young is most likely being written right now by another acquirer;
// an older one was left by a process that died between creating and writing it.
const UNREADABLE_LOCK_GRACE_MS = 2000
const UNREADABLE_LOCK_RETRY_MS = 20

/**
 * Takes `<dir>/mongod.lock` with an exclusive create. A lock whose pid is
 * alive (our own included: two servers in one process must not share a data
 * directory) is refused; one left by a dead process is taken over.
 */
export async function acquireDataDirLock(dir: string): Promise<DataDirLock> {
  await mkdir(dir, { recursive: true })
  const lockPath = path.join(dir, LOCK_FILE)
  const owner: LockOwner = { pid: process.pid, startedAt: new Date().toISOString() }

  for (let attempt = 0; attempt < ACQUIRE_ATTEMPTS; attempt++) {
    if (await tryCreateLock(lockPath, owner)) return heldLock(dir, owner)
    const holder = await readLockOwner(lockPath)
    if (holder === 'missing') continue
    if (holder === 'unreadable') {
      if (await isYoungerThan(lockPath, UNREADABLE_LOCK_GRACE_MS)) {
        await sleep(UNREADABLE_LOCK_RETRY_MS)
        continue
      }
    }
    else if (isProcessAlive(holder.pid)) {
      throw await inUseError(dir, holder.pid)
    }
    await removeStaleLock(lockPath, holder)
  }
  throw new Error(`Could not acquire the lock on data directory ${dir}: ${lockPath} keeps changing`)
}

/** The connection string of the live server holding `dir`, if there is one and it published it. */
export async function readRunningServerUri(dir: string): Promise<string | undefined> {
  const holder = await readLockOwner(path.join(dir, LOCK_FILE))
  if (typeof holder === 'string' || !isProcessAlive(holder.pid)) return undefined
  return readUri(dir)
}

async function tryCreateLock(lockPath: string, owner: LockOwner): Promise<boolean> {
  let handle
  try {
    handle = await open(lockPath, 'wx')
  }
  catch (error) {
    if (errorCode(error) === 'EEXIST') return false
    throw error
  }
  try {
    await handle.writeFile(JSON.stringify(owner) + '\n')
  }
  finally {
    await handle.close()
  }
  return true
}

async function readLockOwner(lockPath: string): Promise<LockOwner | 'missing' | 'unreadable'> {
  let text: string
  try {
    text = await readFile(lockPath, 'utf8')
  }
  catch (error) {
    if (errorCode(error) === 'ENOENT') return 'missing'
    throw error
  }
  return parseOwner(text) ?? 'unreadable'
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null) return undefined
    const { pid, startedAt } = value as Record<string, unknown>
    if (!Number.isInteger(pid) || (pid as number) <= 0 || typeof startedAt !== 'string') return undefined
    return { pid: pid as number, startedAt }
  }
  catch {
    return undefined
  }
}

/**
 * Moves the stale lock aside before deleting it, so that if another process
 * replaced it with a fresh lock in the meantime we notice and put theirs back
 * instead of deleting a live lock.
 */
async function removeStaleLock(lockPath: string, stale: LockOwner | 'unreadable'): Promise<void> {
  const asidePath = `${lockPath}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`
  try {
    await rename(lockPath, asidePath)
  }
  catch (error) {
    if (errorCode(error) === 'ENOENT') return
    throw error
  }
  const moved = parseOwner(await readFile(asidePath, 'utf8').catch(() => ''))
  const isTheStaleOne = stale === 'unreadable' ? moved === undefined : moved?.pid === stale.pid && moved.startedAt === stale.startedAt
  if (!isTheStaleOne) {
    // link never overwrites: if yet another lock appeared, that one stays.
    await link(asidePath, lockPath).catch(() => {})
  }
  await rm(asidePath, { force: true })
}

function heldLock(dir: string, owner: LockOwner): DataDirLock {
  const lockPath = path.join(dir, LOCK_FILE)
  const uriPath = path.join(dir, URI_FILE)
  let released = false
  return {
    dir,
    async publishUri(uri: string): Promise<void> {
      const tmpPath = `${uriPath}.tmp-${process.pid}`
      await writeFile(tmpPath, uri + '\n')
      await rename(tmpPath, uriPath)
    },
    async release(): Promise<void> {
      if (released) return
      released = true
      const holder = await readLockOwner(lockPath)
      if (typeof holder === 'string' || holder.pid !== owner.pid || holder.startedAt !== owner.startedAt) return
      await rm(uriPath, { force: true })
      await unlink(lockPath).catch((error: unknown) => {
        if (errorCode(error) !== 'ENOENT') throw error
      })
    },
  }
}

async function inUseError(dir: string, pid: number): Promise<Error> {
  const uri = await readUri(dir)
  const where = uri ? ` at ${uri}` : ''
  return new Error(
    `Data directory ${dir} is in use by the embedded MongoDB server (pid ${pid})${where} — connect to that server, or stop it first.`,
  )
}

async function readUri(dir: string): Promise<string | undefined> {
  try {
    const uri = (await readFile(path.join(dir, URI_FILE), 'utf8')).trim()
    return uri === '' ? undefined : uri
  }
  catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  }
  catch (error) {
    // EPERM: it exists but belongs to someone else. Anything but ESRCH: assume alive rather than steal.
    return errorCode(error) !== 'ESRCH'
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}

async function isYoungerThan(filePath: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(filePath)).mtimeMs < ms
  }
  catch (error) {
    if (errorCode(error) === 'ENOENT') return false
    throw error
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}
