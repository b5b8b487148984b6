import { BSON, type Document } from 'bson'
import type { Change } from './change.ts'

const EMBEDDED_DOCUMENT = 0x03
const ARRAY = 0x04
/** Type and name of the `docs` and `c` array elements. */
const DOCS_ELEMENT_HEAD = Buffer.from([ARRAY, ...Buffer.from('docs'), 0])
const C_ELEMENT_HEAD = Buffer.from([ARRAY, ...Buffer.from('c'), 0])

/** A piece of BSON whose size is known before it is written: the record is sized first, then written once. */
interface Part {
  size: number
  write: (target: Buffer, offset: number) => number
}

/** Encoded documents are copied as they are; only the record's structure is a Part. */
type Item = Part | Uint8Array

function itemSize(item: Item): number {
  return item instanceof Uint8Array ? item.length : item.size
}

function writeItem(target: Buffer, offset: number, item: Item): number {
  if (!(item instanceof Uint8Array)) return item.write(target, offset)
  target.set(item, offset)
  return offset + item.length
}

function digitCount(value: number): number {
  let count = 1
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) count++
  return count
}

function writeDigits(target: Buffer, offset: number, value: number, digits: number): number {
  let rest = value
  for (let at = offset + digits - 1; at >= offset; at--) {
    target[at] = 48 + (rest % 10)
    rest = Math.floor(rest / 10)
  }
  return offset + digits
}

/** A BSON array of embedded documents: int32 size, then per item type 3, its decimal index and NUL, then 0. */
function arrayPart(items: Item[]): Part {
  let size = 5
  for (let i = 0; i < items.length; i++) size += 2 + digitCount(i) + itemSize(items[i]!)
  return {
    size,
    write: (target, start) => {
      let offset = target.writeInt32LE(size, start)
      for (let i = 0; i < items.length; i++) {
        target[offset++] = EMBEDDED_DOCUMENT
        offset = writeDigits(target, offset, i, digitCount(i))
        target[offset++] = 0
        offset = writeItem(target, offset, items[i]!)
      }
      target[offset] = 0
      return offset + 1
    },
  }
}

/** A document made of already-encoded elements and one array element at the end. */
function documentPart(elements: Uint8Array, arrayHead: Uint8Array, array: Part): Part {
  const size = 4 + elements.length + arrayHead.length + array.size + 1
  return {
    size,
    write: (target, start) => {
      let offset = target.writeInt32LE(size, start)
      target.set(elements, offset)
      offset += elements.length
      target.set(arrayHead, offset)
      offset = array.write(target, offset + arrayHead.length)
      target[offset] = 0
      return offset + 1
    },
  }
}

function serialized(document: Document): Uint8Array {
  return BSON.serialize(document, { ignoreUndefined: false })
}

function changePart(change: Change): Item {
  if (change.op !== 'put') return serialized(change)
  const { docs, ...head } = change
  const headBytes = serialized(head)
  // The head's elements (without its size and terminator), then `docs`.
  return documentPart(headBytes.subarray(4, headBytes.length - 1), DOCS_ELEMENT_HEAD, arrayPart(docs))
}

/**
 * `{ c: changes }` as BSON, assembled from parts: documents are copied as the BSON they are stored
 * as, into one buffer sized beforehand, and no record is bound by bson's 17 MB scratch buffer.
 */
export function serializeChangesRecord(changes: readonly Change[]): Buffer {
  const record = documentPart(new Uint8Array(0), C_ELEMENT_HEAD, arrayPart(changes.map(changePart)))
  const target = Buffer.allocUnsafe(record.size)
  record.write(target, 0)
  return target
}
