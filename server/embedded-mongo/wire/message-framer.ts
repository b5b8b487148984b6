import { HEADER_LENGTH, MAX_MESSAGE_SIZE_BYTES } from './message-header.ts'

export class FramingError extends Error {}

/** Cuts a TCP byte stream into whole wire messages; TCP may split or merge them arbitrarily. */
export class MessageFramer {
  private chunks: Buffer[] = []
  private buffered = 0

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk)
    this.buffered += chunk.length
    const messages: Buffer[] = []
    while (this.buffered >= 4) {
      const head = this.peekHead()
      const length = head.readInt32LE(0)
      if (length < HEADER_LENGTH || length > MAX_MESSAGE_SIZE_BYTES) {
        throw new FramingError(`invalid message length ${length}`)
      }
      if (this.buffered < length) break
      messages.push(this.take(length))
    }
    return messages
  }

  private peekHead(): Buffer {
    const first = this.chunks[0]!
    if (first.length >= 4) return first
    this.chunks = [Buffer.concat(this.chunks)]
    return this.chunks[0]!
  }

  private take(length: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks)
    const message = all.subarray(0, length)
    const rest = all.subarray(length)
    this.chunks = rest.length > 0 ? [rest] : []
    this.buffered = rest.length
    return message
  }
}
