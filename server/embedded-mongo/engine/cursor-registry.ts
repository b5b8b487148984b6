import { BSON, Long, type Document } from 'bson'
import { MongoCommandError } from '../errors.ts'

/** mongod caps a reply batch at 16 MiB of documents; one oversized document still goes out alone. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 16 * 1024
const DEFAULT_FIRST_BATCH = 101
const IDLE_TIMEOUT_MS = 10 * 60 * 1000

/** A result document, or a stored document's BSON (a find without projection sends those as they are). */
export type ResultDocument = Document | Uint8Array

interface OpenCursor {
  namespace: string
  documents: ResultDocument[]
  position: number
  lastUsed: number
}

export interface CursorPage {
  cursor: { firstBatch?: ResultDocument[], nextBatch?: ResultDocument[], id: Long, ns: string }
  ok: 1
}

function batchEnd(documents: ResultDocument[], start: number, maxCount: number): number {
  let bytes = 0
  let end = start
  while (end < documents.length && end - start < maxCount) {
    const document = documents[end]!
    bytes += document instanceof Uint8Array ? document.length : BSON.calculateObjectSize(document)
    if (bytes > MAX_BATCH_BYTES && end > start) break
    end++
  }
  return end
}

/**
 * Results that do not fit in the first reply wait here under an int64 id for getMore. The documents
 * are references to stored versions (frozen, or their bytes), so a cursor is a snapshot of its
 * query's moment.
 */
export class CursorRegistry {
  private readonly cursors = new Map<number, OpenCursor>()
  private nextId = Math.floor(Math.random() * 2 ** 31) + 1

  firstPage(namespace: string, documents: ResultDocument[], batchSize: number | undefined, singleBatch = false): CursorPage {
    const end = batchEnd(documents, 0, batchSize ?? DEFAULT_FIRST_BATCH)
    let id = 0
    if (end < documents.length && !singleBatch) {
      id = this.nextId++
      this.cursors.set(id, { namespace, documents, position: end, lastUsed: Date.now() })
    }
    return { cursor: { firstBatch: documents.slice(0, end), id: Long.fromNumber(id), ns: namespace }, ok: 1 }
  }

  nextPage(id: number, namespace: string, batchSize: number | undefined): CursorPage {
    const cursor = this.cursors.get(id)
    if (!cursor) throw new MongoCommandError('CursorNotFound', `cursor id ${id} not found`)
    if (cursor.namespace !== namespace) {
      throw new MongoCommandError('Unauthorized', `Requested getMore on namespace '${namespace}', but cursor belongs to a different namespace ${cursor.namespace}`)
    }
    const end = batchEnd(cursor.documents, cursor.position, batchSize && batchSize > 0 ? batchSize : Infinity)
    const batch = cursor.documents.slice(cursor.position, end)
    cursor.position = end
    cursor.lastUsed = Date.now()
    const exhausted = end >= cursor.documents.length
    if (exhausted) this.cursors.delete(id)
    return { cursor: { nextBatch: batch, id: Long.fromNumber(exhausted ? 0 : id), ns: namespace }, ok: 1 }
  }

  kill(ids: number[]): { killed: number[], notFound: number[] } {
    const killed: number[] = []
    const notFound: number[] = []
    for (const id of ids) (this.cursors.delete(id) ? killed : notFound).push(id)
    return { killed, notFound }
  }

  /** Cursors a client abandoned without killCursors go away after 10 idle minutes, as in mongod. */
  expireIdle(now = Date.now()): void {
    for (const [id, cursor] of this.cursors) {
      if (now - cursor.lastUsed > IDLE_TIMEOUT_MS) this.cursors.delete(id)
    }
  }

  get openCount(): number {
    return this.cursors.size
  }
}
