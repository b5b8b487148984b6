import type { Change } from './change.ts'
import { acquireDataDirLock } from './data-dir-lock.ts'
import type { DataDirLock } from './data-dir-lock.ts'
import { removeGenerationsBelow } from './generation-files.ts'
import { RecordBuffers } from './record-buffers.ts'
import { encodeRecord } from './record-codec.ts'
import { recoverDataDir } from './recovery.ts'
import { writeSnapshot } from './snapshot-writer.ts'
import { WalWriter } from './wal-writer.ts'

export type { Change } from './change.ts'
export type { DataDirLock } from './data-dir-lock.ts'

export interface DurableStoreOptions {
  dir: string
  /**
   * WAL size that triggers a background compaction, default 64 MiB; once the last snapshot is larger,
   * the WAL must first grow to that size (see #shouldCompact).
   */
  compactAfterBytes?: number
  /** Warnings such as a dropped torn tail; default console.warn. */
  log?: (message: string) => void
}

export interface StoreCallbacks {
  /** Called for every recovered change, in order, during open(). */
  apply: (change: Change) => void
  /**
   * Called synchronously at the moment of WAL rotation; returns the whole
   * current state as changes. It must already be point-in-time, because it is
   * consumed asynchronously while appends continue.
   */
  capture: () => Iterable<Change>
}

const DEFAULT_COMPACT_AFTER_BYTES = 64 * 1024 * 1024

interface StoreParts {
  dir: string
  lock: DataDirLock
  writer: WalWriter
  callbacks: StoreCallbacks
  compactAfterBytes: number
  snapshotBytes: number
  log: (message: string) => void
}

/**
 * Durability for the in-memory engine: a group-committed write-ahead log
 * (wal-<gen>.log) plus periodic snapshots (snapshot-<gen>.bson) that let old
 * WAL generations be deleted.
 */
export class DurableStore {
  readonly lock: DataDirLock
  readonly #dir: string
  readonly #writer: WalWriter
  readonly #callbacks: StoreCallbacks
  readonly #compactAfterBytes: number
  readonly #log: (message: string) => void
  readonly #recordBuffers = new RecordBuffers()
  #snapshotBytes: number
  #compaction: Promise<void> | undefined
  #closing: Promise<void> | undefined

  private constructor(parts: StoreParts) {
    this.lock = parts.lock
    this.#dir = parts.dir
    this.#writer = parts.writer
    this.#callbacks = parts.callbacks
    this.#compactAfterBytes = parts.compactAfterBytes
    this.#log = parts.log
    this.#snapshotBytes = parts.snapshotBytes
  }

  static async open(options: DurableStoreOptions, callbacks: StoreCallbacks): Promise<DurableStore> {
    const log = options.log ?? ((message: string) => console.warn(message))
    const lock = await acquireDataDirLock(options.dir)
    try {
      const recovered = await recoverDataDir(options.dir, callbacks.apply, log)
      return new DurableStore({
        dir: options.dir,
        lock,
        writer: new WalWriter(options.dir, recovered.gen, recovered.walBytes),
        callbacks,
        compactAfterBytes: options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES,
        snapshotBytes: recovered.snapshotBytes,
        log,
      })
    }
    catch (error) {
      await lock.release()
      throw error
    }
  }

  /** Size of the current WAL generation, including records still being flushed. */
  get walBytes(): number {
    return this.#writer.bytes
  }

  /** Number of durable WAL flushes so far; with group commit this grows slower than the number of appends. */
  get flushCount(): number {
    return this.#writer.flushCount
  }

  /** Resolves once the changes are written durably (synchronised write or fdatasync), as one WAL record. */
  append(changes: Change[]): Promise<void> {
    if (this.#closing) return Promise.reject(new Error('DurableStore is closed'))
    let header: Buffer
    let payload: Buffer
    try {
      [header, payload] = encodeRecord(changes, size => this.#recordBuffers.acquire(size))
    }
    catch (error) {
      return Promise.reject(error)
    }
    const written = this.#writer.append([header, payload])
    // Settled means written or never to be: the payload's buffer can serve another record.
    const release = () => this.#recordBuffers.release(payload)
    written.then(release, release)
    if (this.#shouldCompact() && !this.#compaction) {
      this.compact().catch((error: unknown) => this.#log(`Background compaction of ${this.#dir} failed: ${describe(error)}`))
    }
    return written
  }

  /** Rotates the WAL and writes a snapshot now; concurrent calls share one run. */
  compact(): Promise<void> {
    if (this.#closing) return Promise.reject(new Error('DurableStore is closed'))
    this.#compaction ??= this.#runCompaction().finally(() => {
      this.#compaction = undefined
    })
    return this.#compaction
  }

  /** Waits for pending appends and a running compaction, closes the WAL and releases the lock. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#close()
    return this.#closing
  }

  async #close(): Promise<void> {
    await this.#compaction?.catch(() => {})
    await this.#writer.close()
    await this.lock.release()
  }

  /**
   * A compaction rewrites the whole data set, so it waits until the log has grown at least as large as
   * the last snapshot (Redis's auto-aof-rewrite-percentage 100): the rewriting cost per logged byte
   * stays constant as the data grows (a fixed threshold made a 500k-document load snapshot its
   * growing data three times, about 2 serialised documents per inserted one), while recovery still
   * reads at most the snapshot and a log of about its size.
   */
  #shouldCompact(): boolean {
    return this.#writer.bytes > Math.max(this.#compactAfterBytes, this.#snapshotBytes)
  }

  async #runCompaction(): Promise<void> {
    // Rotation and capture happen in the same tick: every append issued from
    // here on lands in the new generation, and every change appended before is
    // in memory and therefore in the captured state.
    const snapshotGen = this.#writer.rotate()
    const state = this.#callbacks.capture()
    this.#snapshotBytes = await writeSnapshot(this.#dir, snapshotGen, state)
    await this.#writer.whenSettledBelow(snapshotGen)
    await removeGenerationsBelow(this.#dir, snapshotGen)
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
