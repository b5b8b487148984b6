import { BSON } from 'bson'
import type { Change } from './change.ts'

/**
 * Regroups a state dump into lists of changes of roughly `targetBytes` of
 * BSON each, splitting large `put` changes across lists, so a snapshot is
 * written as many moderate records instead of one giant buffer.
 */
export function* chunkChanges(changes: Iterable<Change>, targetBytes: number): Generator<Change[]> {
  let chunk: Change[] = []
  let chunkBytes = 0
  const takeChunk = (): Change[] => {
    const full = chunk
    chunk = []
    chunkBytes = 0
    return full
  }

  for (const change of changes) {
    if (change.op !== 'put') {
      chunk.push(change)
      chunkBytes += BSON.calculateObjectSize(change, { ignoreUndefined: false })
      if (chunkBytes >= targetBytes) yield takeChunk()
      continue
    }
    let docs: Uint8Array[] = []
    for (const doc of change.docs) {
      if (docs.length === 0) chunk.push({ op: 'put', db: change.db, coll: change.coll, docs })
      docs.push(doc)
      chunkBytes += doc.length
      if (chunkBytes >= targetBytes) {
        docs = []
        yield takeChunk()
      }
    }
  }
  if (chunk.length > 0) yield chunk
}
