/** The 16-byte header every MongoDB wire message starts with. */
export const HEADER_LENGTH = 16

export const OpCode = {
  Reply: 1,
  Query: 2004,
  Compressed: 2012,
  Msg: 2013,
} as const

/** mongod's limit; anything larger is a framing error, not a big request. */
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000

export interface MessageHeader {
  messageLength: number
  requestId: number
  responseTo: number
  opCode: number
}

export function readHeader(message: Buffer): MessageHeader {
  return {
    messageLength: message.readInt32LE(0),
    requestId: message.readInt32LE(4),
    responseTo: message.readInt32LE(8),
    opCode: message.readInt32LE(12),
  }
}

export function writeHeader(target: Buffer, header: MessageHeader): void {
  target.writeInt32LE(header.messageLength, 0)
  target.writeInt32LE(header.requestId, 4)
  target.writeInt32LE(header.responseTo, 8)
  target.writeInt32LE(header.opCode, 12)
}
