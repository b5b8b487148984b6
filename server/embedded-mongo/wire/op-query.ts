import { BSON, type Document } from 'bson'
import { HEADER_LENGTH, OpCode, writeHeader } from './message-header.ts'

export interface OpQueryRequest {
  collection: string
  query: Document
}

/**
 * Legacy OP_QUERY survives only for the driver's first handshake (`ismaster` on `admin.$cmd`),
 * so only the full collection name and the query document matter.
 */
export function parseOpQuery(message: Buffer): OpQueryRequest {
  const nameStart = HEADER_LENGTH + 4
  const nameEnd = message.indexOf(0, nameStart)
  const collection = message.toString('utf8', nameStart, nameEnd)
  const queryStart = nameEnd + 1 + 8
  const size = message.readInt32LE(queryStart)
  const query = BSON.deserialize(message.subarray(queryStart, queryStart + size))
  return { collection, query: query.$query && typeof query.$query === 'object' ? query.$query : query }
}

export function serializeOpReply(requestId: number, responseTo: number, document: Document): Buffer {
  const bytes = BSON.serialize(document)
  const fixed = HEADER_LENGTH + 20
  const message = Buffer.alloc(fixed + bytes.length)
  writeHeader(message, { messageLength: message.length, requestId, responseTo, opCode: OpCode.Reply })
  // responseFlags 0, cursorID 0 (int64), startingFrom 0 are the zeros Buffer.alloc left; numberReturned 1.
  message.writeInt32LE(1, HEADER_LENGTH + 16)
  message.set(bytes, fixed)
  return message
}
