import { BSON, type Document } from 'bson'
import { crc32c } from '../crc32c.ts'
import { ARRAY, EMBEDDED_DOCUMENT, arrayPart, assemble, documentPart, elementHead, elementsOf } from './bson-assembly.ts'
import { assertValidBson } from './bson-validation.ts'
import { HEADER_LENGTH, OpCode, writeHeader } from './message-header.ts'

const CHECKSUM_PRESENT = 1 << 0
const MORE_TO_COME = 1 << 1
const EXHAUST_ALLOWED = 1 << 16
/** Bits 0-15 are "required": a receiver must reject flags it does not understand. */
const KNOWN_REQUIRED_FLAGS = CHECKSUM_PRESENT | MORE_TO_COME

export class OpMsgError extends Error {}

export interface OpMsgRequest {
  body: Document
  moreToCome: boolean
  exhaustAllowed: boolean
}

/**
 * Parses an OP_MSG: one kind-0 body, plus kind-1 document sequences merged into it under their
 * identifier. An insert's documents, in a sequence or inline, stay the BSON they arrived as (checked,
 * not decoded): they are stored as they are (see StoredDocument), so their BSON types are kept too.
 */
export function parseOpMsg(message: Buffer): OpMsgRequest {
  const flags = message.readUInt32LE(HEADER_LENGTH)
  if ((flags & 0xffff & ~KNOWN_REQUIRED_FLAGS) !== 0) throw new OpMsgError(`unknown required OP_MSG flag bits ${flags}`)
  let end = message.length
  if (flags & CHECKSUM_PRESENT) {
    end -= 4
    const expected = message.readUInt32LE(end)
    if (crc32c(message.subarray(0, end)) !== expected) throw new OpMsgError('OP_MSG checksum mismatch')
  }
  let body: Document | undefined
  let inserting = false
  const sequences: Array<[string, Array<Document | Uint8Array>]> = []
  let offset = HEADER_LENGTH + 4
  while (offset < end) {
    const kind = message[offset]
    offset += 1
    if (kind === 0) {
      if (body) throw new OpMsgError('OP_MSG has more than one body section')
      const size = message.readInt32LE(offset)
      const bytes = message.subarray(offset, offset + size)
      inserting = isInsertBody(bytes)
      body = inserting ? insertBody(bytes) : BSON.deserialize(bytes)
      offset += size
    }
    else if (kind === 1) {
      const size = message.readInt32LE(offset)
      const sectionEnd = offset + size
      const nameEnd = message.indexOf(0, offset + 4)
      const identifier = message.toString('utf8', offset + 4, nameEnd)
      const keepEncoded = inserting && identifier === 'documents'
      const documents: Array<Document | Uint8Array> = []
      let cursor = nameEnd + 1
      while (cursor < sectionEnd) {
        const docSize = message.readInt32LE(cursor)
        const bytes = message.subarray(cursor, cursor + docSize)
        if (keepEncoded) assertValidBson(bytes)
        documents.push(keepEncoded ? bytes : BSON.deserialize(bytes))
        cursor += docSize
      }
      sequences.push([identifier, documents])
      offset = sectionEnd
    }
    else {
      throw new OpMsgError(`unknown OP_MSG section kind ${kind}`)
    }
  }
  if (!body) throw new OpMsgError('OP_MSG without a body section')
  for (const [identifier, documents] of sequences) {
    const inline = body[identifier]
    body[identifier] = Array.isArray(inline) ? [...inline, ...documents] : documents
  }
  return { body, moreToCome: (flags & MORE_TO_COME) !== 0, exhaustAllowed: (flags & EXHAUST_ALLOWED) !== 0 }
}

const INSERT_NAME = Buffer.from('insert\0')

/** Whether a body's first element is named `insert` (a command is named by its first field). */
function isInsertBody(bytes: Uint8Array): boolean {
  return bytes.length > 5 + INSERT_NAME.length && Buffer.compare(INSERT_NAME, bytes.subarray(5, 5 + INSERT_NAME.length)) === 0
}

/** An insert's body with the documents sent inline kept as BSON, like a document sequence's. */
function insertBody(bytes: Uint8Array): Document {
  const body = BSON.deserialize(bytes, { fieldsAsRaw: { documents: true } })
  if (Array.isArray(body.documents)) {
    for (const document of body.documents) if (document instanceof Uint8Array) assertValidBson(document)
  }
  return body
}

export function serializeOpMsg(requestId: number, responseTo: number, body: Document): Buffer {
  const bytes = serializeReplyBody(body)
  const message = Buffer.allocUnsafe(HEADER_LENGTH + 5 + bytes.length)
  writeHeader(message, { messageLength: message.length, requestId, responseTo, opCode: OpCode.Msg })
  message.writeUInt32LE(0, HEADER_LENGTH)
  message[HEADER_LENGTH + 4] = 0
  message.set(bytes, HEADER_LENGTH + 5)
  return message
}

const CURSOR_HEAD = elementHead(EMBEDDED_DOCUMENT, 'cursor')

/**
 * A reply body as BSON. A cursor's batch may hold documents as BSON bytes (a find's stored
 * documents): they are copied in as they are, with the batch placed last in `cursor` and `cursor`
 * last in the body (the driver reads fields by name).
 */
function serializeReplyBody(body: Document): Uint8Array {
  const { cursor, ...rest } = body
  const batchName = cursor?.firstBatch ? 'firstBatch' : 'nextBatch'
  const batch: unknown = cursor?.[batchName]
  if (!Array.isArray(batch) || !batch.some(document => document instanceof Uint8Array)) return BSON.serialize(body)
  const { [batchName]: _, ...cursorRest } = cursor as Document
  const items = batch.map(document => document instanceof Uint8Array ? document : BSON.serialize(document))
  const cursorPart = documentPart(elementsOf(BSON.serialize(cursorRest)), elementHead(ARRAY, batchName), arrayPart(items))
  return assemble(documentPart(elementsOf(BSON.serialize(rest)), CURSOR_HEAD, cursorPart))
}
