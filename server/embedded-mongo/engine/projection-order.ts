import type { Document } from 'bson'
import { isPlainObject } from './key-path.ts'

/**
 * mongod projects in the stored document's field order (so _id stays first), computed fields after;
 * mingo builds documents in the projection's order with _id last. This restores mongod's order.
 */
export function inDocumentOrder(projected: Document, original: Document): Document {
  const ordered: Document = {}
  for (const key of Object.keys(original)) {
    if (!Object.hasOwn(projected, key)) continue
    const value = projected[key]
    ordered[key] = isPlainObject(value) && isPlainObject(original[key]) ? inDocumentOrder(value, original[key]) : value
  }
  for (const key of Object.keys(projected)) {
    if (!Object.hasOwn(ordered, key)) ordered[key] = projected[key]
  }
  return ordered
}
