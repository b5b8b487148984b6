import CRC32C from 'crc-32/crc32c.js'
import { describe, expect, it } from 'vitest'
import { crc32c, nativeCrc32cLoaded } from '../../../server/embedded-mongo/crc32c.ts'

describe('crc32c', () => {
  it('is computed natively where @node-rs/crc32 has a binary for the platform', async () => {
    const supported = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64'].includes(`${process.platform}-${process.arch}`)
    expect(await nativeCrc32cLoaded).toBe(supported)
  })

  it('gives the CRC-32C check value (RFC 3720) and 0 for no bytes', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xE3069283)
    expect(crc32c(new Uint8Array(0))).toBe(0)
  })

  it('checksums only the bytes a view covers, as an unsigned number', () => {
    const bytes = Buffer.from('xx123456789yy')
    expect(crc32c(new Uint8Array(bytes.buffer, bytes.byteOffset + 2, 9))).toBe(0xE3069283)
  })

  it('agrees with the JavaScript implementation it falls back to, on a log record of 330 KB', async () => {
    await nativeCrc32cLoaded
    const record = new Uint8Array(330_000).map((_, i) => (i * 131 + (i >> 8)) & 0xff)
    expect(crc32c(record)).toBe(CRC32C.buf(record) >>> 0)
  })
})
