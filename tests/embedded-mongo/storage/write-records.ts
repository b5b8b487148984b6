import { appendFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Change } from '../../../server/embedded-mongo/storage/durable-store.ts'
import { encodeRecord } from '../../../server/embedded-mongo/storage/record-codec.ts'
import { encodeDocument } from './memory-state.ts'

/** Hand-builds WAL or snapshot files, to lay out what a crash at some point would have left. */
export async function writeRecords(filePath: string, records: Change[][]): Promise<void> {
  await mkdir(path.dirname(filePath), { recursive: true })
  await appendFile(filePath, Buffer.concat(records.flatMap(changes => encodeRecord(changes))))
}

export function putItem(id: number, extra: Record<string, unknown> = {}): Change {
  return { op: 'put', db: 'app', coll: 'items', docs: [encodeDocument({ _id: id, ...extra })] }
}
