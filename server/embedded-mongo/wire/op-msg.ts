import { BSON, type Document } from 'bson'
import { crc32c } from '../crc32c.ts'
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
 * identifier. An insert's documents stay the BSON they arrived as (checked, not decoded): they are
 * stored as they are (see StoredDocument).
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
  const sequences: Array<[string, Array<Document | Uint8Array>]> = []
  let offset = HEADER_LENGTH + 4
  while (offset < end) {
    const kind = message[offset]
    offset += 1
    if (kind === 0) {
      if (body) throw new OpMsgError('OP_MSG has more than one body section')
      const size = message.readInt32LE(offset)
      body = BSON.deserialize(message.subarray(offset, offset + size))
      offset += size
    }
    else if (kind === 1) {
      const size = message.readInt32LE(offset)
      const sectionEnd = offset + size
      const nameEnd = message.indexOf(0, offset + 4)
      const identifier = message.toString('utf8', offset + 4, nameEnd)
      const keepEncoded = identifier === 'documents' && body !== undefined && isInsert(body)
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

function isInsert(body: Document): boolean {
  for (const name in body) return name === 'insert'
  return false
}

export function serializeOpMsg(requestId: number, responseTo: number, body: Document): Buffer {
  const bytes = BSON.serialize(body)
  const message = Buffer.allocUnsafe(HEADER_LENGTH + 5 + bytes.length)
  writeHeader(message, { messageLength: message.length, requestId, responseTo, opCode: OpCode.Msg })
  message.writeUInt32LE(0, HEADER_LENGTH)
  message[HEADER_LENGTH + 4] = 0
  message.set(bytes, HEADER_LENGTH + 5)
  return message
}
