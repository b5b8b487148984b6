import { createRequire } from 'node:module'

// crc-32 ships CRC-32C (Castagnoli, the polynomial OP_MSG checksums use) only as a CommonJS file.
const { buf } = createRequire(import.meta.url)('crc-32/crc32c') as { buf: (data: Uint8Array, seed?: number) => number }

export function crc32c(data: Uint8Array): number {
  return buf(data) >>> 0
}
