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
    /** Documents as their BSON bytes: the storage layer writes and reads them without decoding. */
    | { op: 'put', db: string, coll: string, docs: Uint8Array[] }
    | { op: 'delete', db: string, coll: string, ids: unknown[] }
