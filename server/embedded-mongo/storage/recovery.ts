import { open, rm } from 'node:fs/promises'
import type { Change } from './change.ts'
import { listGenerationFiles } from './generation-files.ts'
import type { GenerationFile } from './generation-files.ts'
import { scanRecordFile } from './record-file-reader.ts'

export interface RecoveredState {
  /** Generation whose WAL receives new appends. */
  gen: number
  /** Size of that WAL file (0 when it does not exist yet). */
  walBytes: number
  /** Size of the snapshot replayed (0 without one). */
  snapshotBytes: number
}

/**
 * Replays the newest complete snapshot and then every WAL at or above its
 * generation. A snapshot-K holds everything written to WALs below K, so those
 * and older snapshots are leftovers of an interrupted cleanup and get removed,
 * as do unfinished *.tmp snapshots.
 */
export async function recoverDataDir(
  dir: string,
  apply: (change: Change) => void,
  log: (message: string) => void,
): Promise<RecoveredState> {
  const files = await listGenerationFiles(dir)
  const snapshot = files.filter(file => file.kind === 'snapshot').at(-1)
  const baseGen = snapshot?.gen ?? 0

  const snapshotBytes = snapshot ? await replaySnapshot(snapshot.path, apply) : 0

  const wals = files.filter(file => file.kind === 'wal' && file.gen >= baseGen)
  let walBytes = 0
  for (const wal of wals) walBytes = await replayWal(wal.path, apply, log)

  await removeObsolete(files.filter(file => isObsolete(file, baseGen)))

  const lastWal = wals.at(-1)
  if (lastWal) return { gen: lastWal.gen, walBytes, snapshotBytes }
  return { gen: Math.max(baseGen, 1), walBytes: 0, snapshotBytes }
}

function isObsolete(file: GenerationFile, baseGen: number): boolean {
  return file.kind === 'snapshotTmp' || file.gen < baseGen
}

/** Returns the snapshot's size. */
async function replaySnapshot(filePath: string, apply: (change: Change) => void): Promise<number> {
  const scan = await scanRecordFile(filePath, changes => changes.forEach(apply))
  if (scan.problem !== undefined) {
    throw new Error(
      `Snapshot ${filePath} is corrupt at byte ${scan.validBytes} of ${scan.fileBytes} (${scan.problem}); `
      + 'snapshots are only published after fsync, so this is damage, not an interrupted write',
    )
  }
  return scan.fileBytes
}

/** Returns the WAL's size after dropping any torn or corrupt tail. */
async function replayWal(filePath: string, apply: (change: Change) => void, log: (message: string) => void): Promise<number> {
  const scan = await scanRecordFile(filePath, changes => changes.forEach(apply))
  if (scan.problem === undefined) return scan.fileBytes
  await truncateDurably(filePath, scan.validBytes)
  log(
    `Write-ahead log ${filePath}: dropped ${scan.fileBytes - scan.validBytes} bytes of torn or corrupt tail `
    + `at byte ${scan.validBytes} (${scan.problem})`,
  )
  return scan.validBytes
}

async function truncateDurably(filePath: string, length: number): Promise<void> {
  const handle = await open(filePath, 'r+')
  try {
    await handle.truncate(length)
    await handle.sync()
  }
  finally {
    await handle.close()
  }
}

async function removeObsolete(files: GenerationFile[]): Promise<void> {
  for (const file of files) await rm(file.path, { force: true })
}
