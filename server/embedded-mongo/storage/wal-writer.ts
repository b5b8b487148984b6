import { constants, open } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { walPath } from './generation-files.ts'
import { syncDirectory } from './sync-directory.ts'
import { writeFully } from './write-fully.ts'

/**
 * On Linux the log is opened with O_DSYNC: each write returns once it is durable, as if followed by
 * fdatasync. A group commit is then one request to the thread pool instead of two, so its
 * acknowledgement waits for one turn of an event loop busy with the next batch, not two (measured:
 * README "Performance"). Elsewhere a write is followed by fdatasync: on macOS libuv makes that an
 * F_FULLFSYNC, which reaches stable storage where O_DSYNC may stop at the drive's cache.
 */
const DURABLE_APPEND_FLAGS = process.platform === 'linux'
  ? constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC
  : undefined

interface PendingRecord {
  gen: number
  buffers: Buffer[]
  resolve: () => void
  reject: (error: unknown) => void
}

/**
 * Appends framed records to wal-<gen>.log with group commit: records queued
 * while a flush is running are written together by the next flush with one
 * synchronised writev (or a writev and an fdatasync). Records of an older generation are always made
 * durable before any record of a newer one is written, so the files replay in
 * order.
 */
export class WalWriter {
  readonly #dir: string
  #gen: number
  #bytes: number
  #queue: PendingRecord[] = []
  #inFlightGen: number | undefined
  #openFile: { gen: number, handle: FileHandle } | undefined
  #loop: Promise<void> | undefined
  #failure: unknown
  #settleWaiters: Array<{ belowGen: number, resolve: () => void }> = []
  #flushCount = 0

  constructor(dir: string, gen: number, existingBytes: number) {
    this.#dir = dir
    this.#gen = gen
    this.#bytes = existingBytes
  }

  get gen(): number {
    return this.#gen
  }

  /** Bytes in the current generation's file, counting records still queued. */
  get bytes(): number {
    return this.#bytes
  }

  /** Number of flushes made durable on WAL files (one synchronised write, or a write and an fdatasync, each). */
  get flushCount(): number {
    return this.#flushCount
  }

  append(buffers: Buffer[]): Promise<void> {
    if (this.#failure !== undefined) {
      return Promise.reject(new Error('The write-ahead log is unusable after an earlier write failure', { cause: this.#failure }))
    }
    const { promise, resolve, reject } = Promise.withResolvers<void>()
    this.#queue.push({ gen: this.#gen, buffers, resolve, reject })
    for (const buffer of buffers) this.#bytes += buffer.length
    this.#kick()
    return promise
  }

  /** Sends future appends to the next generation's file; returns that generation. */
  rotate(): number {
    this.#gen++
    this.#bytes = 0
    this.#kick()
    return this.#gen
  }

  /** Resolves once every record of a generation below `gen` is settled and its file closed. */
  whenSettledBelow(gen: number): Promise<void> {
    if (this.#isSettledBelow(gen)) return Promise.resolve()
    const { promise, resolve } = Promise.withResolvers<void>()
    this.#settleWaiters.push({ belowGen: gen, resolve })
    return promise
  }

  /** Flushes everything queued, then closes the file. */
  async close(): Promise<void> {
    while (this.#loop) await this.#loop
    await this.#closeOpenFile()
    this.#notifySettled()
  }

  #kick(): void {
    if (this.#loop) return
    // Starting on a microtask lets appends issued in the same tick share the first flush too.
    this.#loop = Promise.resolve()
      .then(() => this.#runLoop())
      .finally(() => {
        this.#loop = undefined
        if (this.#hasWork()) this.#kick()
      })
  }

  #hasWork(): boolean {
    return this.#queue.length > 0 || (this.#openFile !== undefined && this.#openFile.gen < this.#gen)
  }

  async #runLoop(): Promise<void> {
    while (this.#hasWork()) {
      const first = this.#queue[0]
      if (first === undefined) {
        await this.#closeOpenFile()
      }
      else {
        await this.#flushGeneration(first.gen)
      }
      this.#notifySettled()
    }
  }

  async #flushGeneration(gen: number): Promise<void> {
    let count = 0
    while (count < this.#queue.length && this.#queue[count]!.gen === gen) count++
    const batch = this.#queue.splice(0, count)
    this.#inFlightGen = gen
    try {
      const handle = await this.#handleFor(gen)
      await writeFully(handle, batch.flatMap(record => record.buffers))
      if (DURABLE_APPEND_FLAGS === undefined) await handle.datasync()
      this.#flushCount++
      for (const record of batch) record.resolve()
    }
    catch (error) {
      // The file may now end in a partial record, and anything appended after
      // it would be lost behind that tear on replay, so refuse all further writes.
      this.#failure = error
      for (const record of [...batch, ...this.#queue.splice(0)]) record.reject(error)
      await this.#closeOpenFile()
    }
    finally {
      this.#inFlightGen = undefined
    }
  }

  async #handleFor(gen: number): Promise<FileHandle> {
    if (this.#openFile?.gen === gen) return this.#openFile.handle
    await this.#closeOpenFile()
    const handle = await open(walPath(this.#dir, gen), DURABLE_APPEND_FLAGS ?? 'a')
    this.#openFile = { gen, handle }
    // The file may be new; its directory entry must be durable before we acknowledge records in it.
    await syncDirectory(this.#dir)
    return handle
  }

  async #closeOpenFile(): Promise<void> {
    const file = this.#openFile
    if (!file) return
    this.#openFile = undefined
    // Everything written to it was already fdatasync'd, so a failing close loses nothing.
    await file.handle.close().catch(() => {})
  }

  #isSettledBelow(gen: number): boolean {
    if (this.#inFlightGen !== undefined && this.#inFlightGen < gen) return false
    if (this.#openFile !== undefined && this.#openFile.gen < gen) return false
    return !this.#queue.some(record => record.gen < gen)
  }

  #notifySettled(): void {
    const waiting = this.#settleWaiters
    this.#settleWaiters = []
    for (const waiter of waiting) {
      if (this.#isSettledBelow(waiter.belowGen)) waiter.resolve()
      else this.#settleWaiters.push(waiter)
    }
  }
}
