import type { Document } from 'bson'

/**
 * One physical, idempotent mutation. Replaying a change twice leaves the same
 * state, which is what lets recovery overlap a snapshot with the WAL that
 * follows it.
 */
export type Change
  = | { op: 'createCollection', db: string, coll: string }
    | { op: 'dropCollection', db: string, coll: string }
    | { op: 'dropDatabase', db: string }
    | { op: 'createIndex', db: string, coll: string, spec: Document }
    | { op: 'dropIndex', db: string, coll: string, name: string }
    | {
      op: 'put'
      db: string
      coll: string
      docs: Document[]
      /**
     * The BSON each document arrived in, where it is stored exactly as sent (an insertMany document
     * sequence): the log writes those bytes instead of serialising the document again. Not persisted.
     */
      encoded?: Array<Uint8Array | undefined>
    }
    | { op: 'delete', db: string, coll: string, ids: unknown[] }
