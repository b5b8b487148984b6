import { connect, type Socket } from 'node:net'
import { BSON, type Document } from 'bson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedMongo, type EmbeddedMongo } from '../../../server/embedded-mongo/index.ts'
import { crc32c } from '../../../server/embedded-mongo/crc32c.ts'

/** Hand-built wire messages: what the driver does not send by default must still be handled. */
let server: EmbeddedMongo
beforeAll(async () => {
  server = await startEmbeddedMongo()
})
afterAll(() => server.stop())

function opMsg(requestId: number, body: Document, { checksum = false, moreToCome = false } = {}): Buffer {
  const bytes = BSON.serialize(body)
  const flags = (checksum ? 1 : 0) | (moreToCome ? 2 : 0)
  const message = Buffer.alloc(21 + bytes.length + (checksum ? 4 : 0))
  message.writeInt32LE(message.length, 0)
  message.writeInt32LE(requestId, 4)
  message.writeInt32LE(2013, 12)
  message.writeUInt32LE(flags, 16)
  message.set(bytes, 21)
  if (checksum) message.writeUInt32LE(crc32c(message.subarray(0, message.length - 4)), message.length - 4)
  return message
}

function opQuery(requestId: number, collection: string, query: Document): Buffer {
  const name = Buffer.from(`${collection}\0`)
  const bytes = BSON.serialize(query)
  const message = Buffer.alloc(16 + 4 + name.length + 8 + bytes.length)
  message.writeInt32LE(message.length, 0)
  message.writeInt32LE(requestId, 4)
  message.writeInt32LE(2004, 12)
  name.copy(message, 20)
  message.writeInt32LE(-1, 20 + name.length + 4)
  message.set(bytes, 20 + name.length + 8)
  return message
}

class RawClient {
  private buffered = Buffer.alloc(0)
  private waiting: Array<(message: Buffer) => void> = []
  readonly socket: Socket

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1')
    this.socket.on('data', (chunk) => {
      this.buffered = Buffer.concat([this.buffered, chunk])
      while (this.buffered.length >= 4 && this.buffered.length >= this.buffered.readInt32LE(0)) {
        const length = this.buffered.readInt32LE(0)
        this.waiting.shift()?.(this.buffered.subarray(0, length))
        this.buffered = this.buffered.subarray(length)
      }
    })
  }

  send(message: Buffer): Promise<Buffer> {
    return new Promise((resolve) => {
      this.waiting.push(resolve)
      this.socket.write(message)
    })
  }

  close(): void {
    this.socket.destroy()
  }
}

function replyBody(message: Buffer): Document {
  const opCode = message.readInt32LE(12)
  // OP_REPLY documents start after 36 bytes, OP_MSG bodies after 21.
  return BSON.deserialize(message.subarray(opCode === 1 ? 36 : 21))
}

describe('wire protocol', () => {
  it('answers the legacy OP_QUERY isMaster handshake with OP_REPLY', async () => {
    const client = new RawClient(server.port)
    const reply = await client.send(opQuery(1, 'admin.$cmd', { isMaster: 1, helloOk: true }))
    expect(reply.readInt32LE(8)).toBe(1)
    expect(reply.readInt32LE(12)).toBe(1)
    expect(replyBody(reply)).toMatchObject({ ismaster: true, ok: 1, maxWireVersion: 21 })
    client.close()
  })

  it('verifies OP_MSG checksums and answers moreToCome writes with silence', async () => {
    const client = new RawClient(server.port)
    expect(replyBody(await client.send(opMsg(2, { ping: 1, $db: 'admin' }, { checksum: true })))).toMatchObject({ ok: 1 })
    const corrupted = opMsg(3, { ping: 1, $db: 'admin' }, { checksum: true })
    corrupted.writeUInt32LE((corrupted.readUInt32LE(corrupted.length - 4) + 1) >>> 0, corrupted.length - 4)
    expect(replyBody(await client.send(corrupted))).toMatchObject({ ok: 0, errmsg: expect.stringContaining('checksum') })

    client.socket.write(opMsg(4, { insert: 'quiet', documents: [{ _id: 1 }], $db: 'wire' }, { moreToCome: true }))
    const count = replyBody(await client.send(opMsg(5, { count: 'quiet', $db: 'wire' })))
    expect(count).toMatchObject({ n: 1, ok: 1 })
    client.close()
  })

  it('survives garbage: an unreadable body gets an error, a broken frame closes only that connection', async () => {
    const client = new RawClient(server.port)
    const badBson = opMsg(6, { ping: 1, $db: 'admin' })
    badBson.writeInt32LE(9999, 21)
    expect(replyBody(await client.send(badBson))).toMatchObject({ ok: 0, code: 2 })
    const closed = new Promise(resolve => client.socket.once('close', resolve))
    client.socket.write(Buffer.from([0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4]))
    await closed

    const another = new RawClient(server.port)
    expect(replyBody(await another.send(opMsg(7, { ping: 1, $db: 'admin' })))).toMatchObject({ ok: 1 })
    another.close()
  })
})
