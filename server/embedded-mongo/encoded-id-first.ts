import { BSON, ObjectId, type Document } from 'bson'

const OBJECT_ID_ELEMENT_HEAD = Buffer.from([0x07, 0x5f, 0x69, 0x64, 0x00]) // type 7, "_id\0"

/** The `_id` element's bytes; an ObjectId (what the driver generates) is written directly. */
function encodeIdElement(id: unknown): Uint8Array {
  if (id instanceof ObjectId) return Buffer.concat([OBJECT_ID_ELEMENT_HEAD, id.id])
  const idOnly = BSON.serialize({ _id: id })
  return idOnly.subarray(4, idOnly.length - 1)
}

/**
 * The driver appends a generated _id as the last field; MongoDB stores _id first. Given the bytes a
 * document arrived in, returns the bytes of the stored version (_id moved to the front) without
 * serialising the whole document again, or undefined when _id was not the last field.
 */
export function encodedWithIdFirst(received: Document, bytes: Uint8Array): Uint8Array | undefined {
  let lastKey: string | undefined
  for (const key in received) lastKey = key
  if (lastKey !== '_id') return undefined
  const idElement = encodeIdElement(received._id)
  const idStart = bytes.length - 1 - idElement.length
  if (idStart < 4 || Buffer.compare(bytes.subarray(idStart, bytes.length - 1), idElement) !== 0) return undefined
  const reordered = Buffer.allocUnsafe(bytes.length)
  reordered.writeInt32LE(bytes.length, 0)
  reordered.set(idElement, 4)
  reordered.set(bytes.subarray(4, idStart), 4 + idElement.length)
  reordered[bytes.length - 1] = 0
  return reordered
}
