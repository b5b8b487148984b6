import CRC32C from 'crc-32/crc32c.js'

/** CRC-32C (Castagnoli): what OP_MSG checksums use, and what guards our log records. */
export function crc32c(bytes: Uint8Array): number {
  return CRC32C.buf(bytes) >>> 0
}
