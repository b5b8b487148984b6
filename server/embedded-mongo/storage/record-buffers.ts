/** Free buffers kept for reuse, in all; a burst of large records beyond it is allocated and let go as before. */
const MAX_FREE_BYTES = 16 * 1024 * 1024
/** Smallest buffer handed out: records of a few small changes share one size. */
const MIN_BUFFER_BYTES = 64 * 1024

/**
 * Payload buffers for log records, reused once the record's flush has settled. A fresh buffer per
 * record (~330 KB for an insert of 1000 documents, into which every document is copied) is memory
 * outside V8's heap, and V8 starts a major GC each time such memory has grown by a few tens of MiB:
 * during a 500k-document load, most major GCs started that way (README "Performance").
 * Only a buffer that is no longer being written may be released; sizes are powers of two so that
 * records of similar size share buffers.
 */
export class RecordBuffers {
  readonly #free: Buffer[] = []
  #freeBytes = 0
  /** Each buffer handed out (a view of the record's size), to the whole buffer it views. */
  readonly #lent = new WeakMap<Buffer, Buffer>()

  /** A buffer of exactly `size` bytes, whose content is undefined. */
  acquire(size: number): Buffer {
    const index = this.#free.findIndex(buffer => buffer.length >= size)
    let whole: Buffer
    if (index === -1) {
      const rounded = Math.max(MIN_BUFFER_BYTES, 2 ** Math.ceil(Math.log2(size)))
      // A record too large to be kept free is given just its size, not twice it.
      whole = Buffer.allocUnsafeSlow(rounded > MAX_FREE_BYTES ? size : rounded)
    }
    else {
      whole = this.#free.splice(index, 1)[0]!
      this.#freeBytes -= whole.length
    }
    const buffer = whole.subarray(0, size)
    this.#lent.set(buffer, whole)
    return buffer
  }

  /** Takes back a buffer from `acquire` once nothing reads it any more; anything else is ignored. */
  release(buffer: Buffer): void {
    const whole = this.#lent.get(buffer)
    if (!whole) return
    this.#lent.delete(buffer)
    if (this.#freeBytes + whole.length > MAX_FREE_BYTES) return
    this.#free.push(whole)
    this.#freeBytes += whole.length
  }
}
