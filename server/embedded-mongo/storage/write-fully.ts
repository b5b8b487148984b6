import type { FileHandle } from 'node:fs/promises'

/** writev that keeps going after a short write, so a record is never left half-written by us. */
export async function writeFully(handle: FileHandle, buffers: Buffer[], position?: number): Promise<void> {
  let remaining = buffers
  let offset = position
  while (remaining.length > 0) {
    const { bytesWritten } = await handle.writev(remaining, offset)
    if (offset !== undefined) offset += bytesWritten
    remaining = dropLeadingBytes(remaining, bytesWritten)
  }
}

function dropLeadingBytes(buffers: Buffer[], count: number): Buffer[] {
  let skip = count
  let index = 0
  while (index < buffers.length && skip >= buffers[index]!.length) {
    skip -= buffers[index]!.length
    index++
  }
  const rest = buffers.slice(index)
  if (skip > 0 && rest[0]) rest[0] = rest[0].subarray(skip)
  return rest
}
