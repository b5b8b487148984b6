import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'

export type GenerationFileKind = 'wal' | 'snapshot' | 'snapshotTmp'

export interface GenerationFile {
  kind: GenerationFileKind
  gen: number
  path: string
}

const PATTERN = /^(wal|snapshot)-(\d+)\.(log|bson|tmp)$/

function padded(gen: number): string {
  return String(gen).padStart(12, '0')
}

export function walPath(dir: string, gen: number): string {
  return path.join(dir, `wal-${padded(gen)}.log`)
}

export function snapshotPath(dir: string, gen: number): string {
  return path.join(dir, `snapshot-${padded(gen)}.bson`)
}

export function snapshotTmpPath(dir: string, gen: number): string {
  return path.join(dir, `snapshot-${padded(gen)}.tmp`)
}

/** All WAL and snapshot files in `dir`, ascending by generation. */
export async function listGenerationFiles(dir: string): Promise<GenerationFile[]> {
  const files: GenerationFile[] = []
  for (const name of await readdir(dir)) {
    const match = PATTERN.exec(name)
    if (!match) continue
    const kind = kindOf(match[1], match[3])
    if (kind) files.push({ kind, gen: Number(match[2]), path: path.join(dir, name) })
  }
  return files.sort((a, b) => a.gen - b.gen)
}

function kindOf(prefix: string | undefined, extension: string | undefined): GenerationFileKind | undefined {
  if (prefix === 'wal' && extension === 'log') return 'wal'
  if (prefix === 'snapshot' && extension === 'bson') return 'snapshot'
  if (prefix === 'snapshot' && extension === 'tmp') return 'snapshotTmp'
  return undefined
}

/** Deletes every WAL, snapshot and snapshot .tmp of a generation below `gen`. */
export async function removeGenerationsBelow(dir: string, gen: number): Promise<void> {
  for (const file of await listGenerationFiles(dir)) {
    if (file.gen < gen) await rm(file.path, { force: true })
  }
}
