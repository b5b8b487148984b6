import type { Document } from 'bson'
import { MongoCommandError } from '../errors.ts'
import { splitPath } from './key-path.ts'

export interface IndexField {
  name: string
  path: string[]
  direction: 1 | -1
}

export interface IndexSpec {
  v: 2
  key: Document
  name: string
  unique?: boolean
  sparse?: boolean
  partialFilterExpression?: Document
  expireAfterSeconds?: number
}

/**
 * The top-level fields (and _id) to read from a stored document's BSON to build its keys for these
 * index fields: a dotted path names its first part, where a document makes the reader decode.
 */
export function keyFieldNamesOf(fields: readonly IndexField[]): string[] {
  return ['_id', ...fields.map(field => field.path[0]!)]
}

/** The name mongod gives an index it is not told a name for: `creatorId_1_publishedAt_-1`. */
export function defaultIndexName(key: Document): string {
  return Object.entries(key).map(([field, direction]) => `${field}_${direction}`).join('_')
}

export function parseIndexFields(key: unknown): IndexField[] {
  if (typeof key !== 'object' || key === null || Array.isArray(key) || Object.keys(key).length === 0) {
    throw new MongoCommandError('CannotCreateIndex', 'Index key pattern must be a non-empty object')
  }
  return Object.entries(key as Document).map(([name, direction]) => {
    if (direction === 1 || direction === -1) return { name, path: splitPath(name), direction }
    if (typeof direction === 'string') {
      throw new MongoCommandError('CannotCreateIndex', `Index type '${direction}' on field '${name}' is not supported by the embedded server (only ascending 1 and descending -1 keys)`)
    }
    throw new MongoCommandError('CannotCreateIndex', `Values in the index key pattern must be 1 or -1, got ${String(direction)} for field '${name}'`)
  })
}

/** Validates a createIndexes entry and normalises it into what listIndexes reports. */
export function normaliseIndexSpec(raw: Document): IndexSpec {
  parseIndexFields(raw.key)
  const name = raw.name ?? defaultIndexName(raw.key)
  if (typeof name !== 'string' || name.length === 0) throw new MongoCommandError('CannotCreateIndex', 'The index name must be a non-empty string')
  const spec: IndexSpec = { v: 2, key: raw.key, name }
  if (raw.unique === true) spec.unique = true
  if (raw.sparse === true) spec.sparse = true
  if (raw.partialFilterExpression !== undefined) {
    if (typeof raw.partialFilterExpression !== 'object' || raw.partialFilterExpression === null) {
      throw new MongoCommandError('CannotCreateIndex', 'partialFilterExpression must be an object')
    }
    spec.partialFilterExpression = raw.partialFilterExpression
  }
  if (raw.expireAfterSeconds !== undefined) {
    if (typeof raw.expireAfterSeconds !== 'number' || raw.expireAfterSeconds < 0) {
      throw new MongoCommandError('CannotCreateIndex', 'expireAfterSeconds must be a non-negative number')
    }
    spec.expireAfterSeconds = raw.expireAfterSeconds
  }
  return spec
}

/**
 * How a requested index relates to an existing one, as mongod 7 decides: the key pattern (order
 * included) and the partial filter identify an index; unique, sparse and TTL are options of it.
 */
export function compareIndexDefinitions(a: IndexSpec, b: IndexSpec): 'identical' | 'equivalent' | 'different' {
  const identity = (spec: IndexSpec) => JSON.stringify([spec.key, spec.partialFilterExpression ?? null])
  if (identity(a) !== identity(b)) return 'different'
  const options = (spec: IndexSpec) => JSON.stringify([!!spec.unique, !!spec.sparse, spec.expireAfterSeconds ?? null])
  return options(a) === options(b) ? 'identical' : 'equivalent'
}
