/** Scalar values read straight from BSON bytes, for the hot paths that avoid the decoder. `at` is where the value starts. */
import { int32At } from './bson-element-walk.ts'

const float64 = new Float64Array(1)
const float64Bytes = new Uint8Array(float64.buffer)

export function doubleAt(bytes: Uint8Array, at: number): number {
  for (let i = 0; i < 8; i++) float64Bytes[i] = bytes[at + i]!
  return float64[0]!
}

/**
 * Short ASCII strings (ids, slugs: what indexes mostly hold) are built here, cheaper than a call into
 * the decoder. Up to 12 chars, V8 concatenates into flat strings (longer ones would be cons strings).
 */
const SHORT_STRING = 12

function utf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT_STRING) {
    let text = ''
    for (let at = start; at < end; at++) {
      const byte = bytes[at]!
      if (byte >= 0x80) return decodeUtf8(bytes, start, end)
      text += String.fromCharCode(byte)
    }
    return text
  }
  return decodeUtf8(bytes, start, end)
}

export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return buffer.toString('utf8', start, end)
}

/** A string element's value (int32 byte length with its terminating 0, then UTF-8). */
export function stringAt(bytes: Uint8Array, at: number): string {
  return utf8(bytes, at + 4, at + 3 + int32At(bytes, at))
}

/** A UTC datetime element's milliseconds (int64 little-endian). */
export function dateMillisAt(bytes: Uint8Array, at: number): number {
  return (int32At(bytes, at + 4) * 2 ** 32) + (int32At(bytes, at) >>> 0)
}
