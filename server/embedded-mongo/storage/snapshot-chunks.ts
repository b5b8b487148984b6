import { BSON } from 'bson'
import type { Change } from './change.ts'

/**
 * Regroups a state dump into lists of changes of roughly `targetBytes` of
 * BSON each, splitting large `put` changes across lists, so a snapshot is
 * written as many moderate records instead of one giant buffer. Each document
 * is serialised here, once: its bytes both size the chunk and go into the
 * record as they are (a put's `encoded`), instead of being sized and later
 * serialised again.
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
    let docs: typeof change.docs = []
    let encoded: Uint8Array[] = []
    for (const [index, doc] of change.docs.entries()) {
      if (docs.length === 0) chunk.push({ op: 'put', db: change.db, coll: change.coll, docs, encoded })
      const bytes = change.encoded?.[index] ?? BSON.serialize(doc, { ignoreUndefined: false })
      docs.push(doc)
      encoded.push(bytes)
      chunkBytes += bytes.length
      if (chunkBytes >= targetBytes) {
        docs = []
        encoded = []
        yield takeChunk()
      }
    }
  }
  if (chunk.length > 0) yield chunk
}
