/**
 * BSON assembled from parts whose size is known before they are written: documents already encoded
 * (stored documents, as BSON) are copied in as they are instead of being decoded and serialised
 * again, into one buffer sized beforehand.
 */

export const EMBEDDED_DOCUMENT = 0x03
export const ARRAY = 0x04

/** A piece of BSON whose size is known before it is written: the whole is sized first, then written once. */
export interface Part {
  size: number
  write: (target: Buffer, offset: number) => number
}

/** Encoded documents are copied as they are; only the structure around them is a Part. */
export type Item = Part | Uint8Array

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
export function arrayPart(items: Item[]): Part {
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

/** A document made of already-encoded elements and one more element at the end (an array or a document, as a Part). */
export function documentPart(elements: Uint8Array, lastHead: Uint8Array, last: Part): Part {
  const size = 4 + elements.length + lastHead.length + last.size + 1
  return {
    size,
    write: (target, start) => {
      let offset = target.writeInt32LE(size, start)
      target.set(elements, offset)
      offset += elements.length
      target.set(lastHead, offset)
      offset = last.write(target, offset + lastHead.length)
      target[offset] = 0
      return offset + 1
    },
  }
}

/** The type byte and name of an element, as it precedes the element's value. */
export function elementHead(type: number, name: string): Uint8Array {
  return Buffer.from([type, ...Buffer.from(name, 'utf8'), 0])
}

/** A document's elements without its size and terminator, to be spliced into another document. */
export function elementsOf(encoded: Uint8Array): Uint8Array {
  return encoded.subarray(4, encoded.length - 1)
}

/** Writes a part into a buffer of its size, from `allocate` (whose content may be anything). */
export function assemble(part: Part, allocate: (size: number) => Buffer = Buffer.allocUnsafe): Buffer {
  const target = allocate(part.size)
  part.write(target, 0)
  return target
}
