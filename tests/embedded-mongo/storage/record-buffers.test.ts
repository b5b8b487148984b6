import { describe, expect, it } from 'vitest'
import { RecordBuffers } from '../../../server/embedded-mongo/storage/record-buffers.ts'

describe('RecordBuffers', () => {
  it('hands out buffers of the size asked for, and a released buffer\'s memory to a later record of similar size', () => {
    const buffers = new RecordBuffers()
    const first = buffers.acquire(300_000)
    expect(first.length).toBe(300_000)
    buffers.release(first)
    const second = buffers.acquire(310_000)
    expect(second.length).toBe(310_000)
    expect(second.buffer).toBe(first.buffer)
  })

  it('never hands out memory that is still lent, nor one buffer twice after a repeated release', () => {
    const buffers = new RecordBuffers()
    const lent = buffers.acquire(100_000)
    const other = buffers.acquire(100_000)
    expect(other.buffer).not.toBe(lent.buffer)
    buffers.release(lent)
    buffers.release(lent)
    buffers.release(Buffer.alloc(100_000))
    const a = buffers.acquire(100_000)
    const b = buffers.acquire(100_000)
    expect(a.buffer).toBe(lent.buffer)
    expect(b.buffer).not.toBe(lent.buffer)
    expect(b.buffer).not.toBe(other.buffer)
  })

  it('gives a record too large to be kept free just its size', () => {
    const buffers = new RecordBuffers()
    const large = buffers.acquire(20 * 1024 * 1024 + 1)
    expect(large.buffer.byteLength).toBe(20 * 1024 * 1024 + 1)
  })

  it('keeps at most 16 MiB of free buffers', () => {
    const buffers = new RecordBuffers()
    const lent = Array.from({ length: 40 }, () => buffers.acquire(1024 * 1024))
    for (const buffer of lent) buffers.release(buffer)
    const released = new Set(lent.map(buffer => buffer.buffer))
    const again = Array.from({ length: 40 }, () => buffers.acquire(1024 * 1024))
    expect(again.filter(buffer => released.has(buffer.buffer))).toHaveLength(16)
  })
})
