import { BSON, type Document } from 'bson'
import { ARRAY, arrayPart, assemble, documentPart, elementHead, elementsOf, type Item } from '../wire/bson-assembly.ts'
import type { Change } from './change.ts'

const DOCS_ELEMENT_HEAD = elementHead(ARRAY, 'docs')
const C_ELEMENT_HEAD = elementHead(ARRAY, 'c')

function serialized(document: Document): Uint8Array {
  return BSON.serialize(document, { ignoreUndefined: false })
}

function changePart(change: Change): Item {
  if (change.op !== 'put') return serialized(change)
  const { docs, ...head } = change
  // The head's elements, then `docs`.
  return documentPart(elementsOf(serialized(head)), DOCS_ELEMENT_HEAD, arrayPart(docs))
}

/**
 * `{ c: changes }` as BSON, assembled from parts (wire/bson-assembly.ts): documents are copied as the
 * BSON they are stored as, and no record is bound by bson's 17 MB scratch buffer.
 */
export function serializeChangesRecord(changes: readonly Change[], allocate?: (size: number) => Buffer): Buffer {
  return assemble(documentPart(new Uint8Array(0), C_ELEMENT_HEAD, arrayPart(changes.map(changePart))), allocate)
}
