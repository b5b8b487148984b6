import { EJSON } from 'bson'
import { encodeIndexValue } from './index-key-encoding.ts'

/**
 * A string that is equal for two _id values exactly when MongoDB considers them equal, so the
 * primary key can live in a Map. Numbers of any BSON type compare by value, as in mongod.
 * `encodedId`, when the caller already has it, is the id's index encoding (encodeIndexValue).
 */
export function idKey(id: unknown, encodedId?: string): string {
  switch (typeof id) {
    case 'string': return `s${id}`
    case 'number': return `n${Object.is(id, -0) ? 0 : id}`
    case 'boolean': return `b${id}`
    default: break
  }
  if (id instanceof Date) return `d${id.getTime()}`
  // Its 12 bytes as 6 chars after a type char of its own (the index encoding): no hex string per lookup.
  if (id !== null && typeof id === 'object' && (id as { _bsontype?: string })._bsontype === 'ObjectId') return encodedId ?? encodeIndexValue(id)!
  return `j${EJSON.stringify(id as never, { relaxed: true })}`
}
