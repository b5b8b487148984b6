import { BSON, type Document } from 'bson'
import type { Change } from './change.ts'

const EMBEDDED_DOCUMENT = 0x03
const ARRAY = 0x04

/** A BSON document from already-encoded elements: int32 size, elements, trailing 0. */
function documentOf(elements: Buffer[]): Buffer[] {
  const size = elements.reduce((sum, part) => sum + part.length, 0) + 5
  const header = Buffer.allocUnsafe(4)
  header.writeInt32LE(size, 0)
  return [header, ...elements, Buffer.from([0])]
}

function element(type: number, name: string, value: Buffer[]): Buffer[] {
  return [Buffer.from([type]), Buffer.from(`${name}\0`), ...value]
}

function arrayOf(items: Buffer[][]): Buffer[] {
  return documentOf(items.flatMap((item, index) => element(EMBEDDED_DOCUMENT, String(index), item)))
}

function serialized(document: Document): Buffer[] {
  const bytes = BSON.serialize(document, { ignoreUndefined: false })
  return [Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]
}

function encodedChange(change: Change): Buffer[] {
  if (change.op !== 'put') return serialized(change)
  const { encoded, docs, ...head } = change
  const headBytes = serialized(head)[0]!
  const docsArray = arrayOf(docs.map((document, index) => {
    const bytes = encoded?.[index]
    return bytes ? [Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)] : serialized(document)
  }))
  // The head's elements (without its size and terminator), then `docs`.
  return documentOf([headBytes.subarray(4, headBytes.length - 1), ...element(ARRAY, 'docs', docsArray)])
}

/**
 * `{ c: changes }` as BSON, assembled from parts: documents that arrived as BSON are copied as
 * received instead of being serialised again (the bulk of a write's cost), and no record is bound by
 * bson's 17 MB scratch buffer.
 */
export function serializeChangesRecord(changes: readonly Change[]): Buffer {
  return Buffer.concat(documentOf(element(ARRAY, 'c', arrayOf(changes.map(encodedChange)))))
}
