import { BSON, type Document } from 'bson'
import { crc32c } from '../crc32c.ts'
import { withIdFirstBytes } from './id-first-bytes.ts'
import { HEADER_LENGTH, OpCode, writeHeader } from './message-header.ts'

const CHECKSUM_PRESENT = 1 << 0
const MORE_TO_COME = 1 << 1
const EXHAUST_ALLOWED = 1 << 16
/** Bits 0-15 are "required": a receiver must reject flags it does not understand. */
const KNOWN_REQUIRED_FLAGS = CHECKSUM_PRESENT | MORE_TO_COME

export class OpMsgError extends Error {}

export interface OpMsgRequest {
  body: Document
  /** Per document-sequence identifier, each document's bytes (views into the message). */
  encodedSequences: Map<string, Uint8Array[]>
  moreToCome: boolean
  exhaustAllowed: boolean
}

/** Parses an OP_MSG: one kind-0 body, plus kind-1 document sequences merged into it under their identifier. */
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
  const sequences: Array<[string, Document[], Uint8Array[]]> = []
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
      const documents: Document[] = []
      const encoded: Uint8Array[] = []
      const idFirst = identifier === 'documents' && body !== undefined && isInsert(body)
      let cursor = nameEnd + 1
      while (cursor < sectionEnd) {
        const docSize = message.readInt32LE(cursor)
        const bytes = message.subarray(cursor, cursor + docSize)
        const [document, stored] = idFirst ? deserializeIdFirst(bytes) : [BSON.deserialize(bytes), bytes]
        documents.push(document)
        encoded.push(stored)
        cursor += docSize
      }
      sequences.push([identifier, documents, encoded])
      offset = sectionEnd
    }
    else {
      throw new OpMsgError(`unknown OP_MSG section kind ${kind}`)
    }
  }
  if (!body) throw new OpMsgError('OP_MSG without a body section')
  const encodedSequences = new Map<string, Uint8Array[]>()
  for (const [identifier, documents, encoded] of sequences) {
    const inline = body[identifier]
    body[identifier] = Array.isArray(inline) ? [...inline, ...documents] : documents
    if (!Array.isArray(inline)) encodedSequences.set(identifier, encoded)
  }
  return { body, encodedSequences, moreToCome: (flags & MORE_TO_COME) !== 0, exhaustAllowed: (flags & EXHAUST_ALLOWED) !== 0 }
}

function isInsert(body: Document): boolean {
  for (const name in body) return name === 'insert'
  return false
}

/** An inserted document with _id first, as it will be stored, and the bytes it was read from. */
function deserializeIdFirst(bytes: Uint8Array): [Document, Uint8Array] {
  const reordered = withIdFirstBytes(bytes)
  if (reordered !== bytes) {
    try {
      return [BSON.deserialize(reordered), reordered]
    }
    catch {
      // Malformed further in: let the bytes as received produce the error (its offsets are theirs).
    }
  }
  return [BSON.deserialize(bytes), bytes]
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
