import { createConnection, createServer, type Socket } from 'node:net'

const OP_QUERY = 2004
const OP_MSG = 2013

/** The command a client message carries: the first key of its command document. */
function commandNameOf(message: Buffer): string {
  const opCode = message.readInt32LE(12)
  let document: number
  if (opCode === OP_MSG) {
    // flagBits, then section kind 0 (the body) first.
    document = 21
  }
  else if (opCode === OP_QUERY) {
    // flags, fullCollectionName (a C string), numberToSkip, numberToReturn.
    document = message.indexOf(0, 20) + 1 + 8
  }
  else {
    return `opCode ${opCode}`
  }
  const nameStart = document + 5
  return message.toString('utf8', nameStart, message.indexOf(0, nameStart))
}

export interface MongoWireTapOptions {
  /**
   * A simulated network between clients and the server: each message is delayed by half this each
   * way, and a new connection's first bytes wait two round trips more (TCP and TLS set-up), as from
   * a Worker to MongoDB Atlas in another region. 0 (the default): loopback as it is.
   */
  roundTripMs?: number
}

export interface MongoWireTap {
  /** Where clients connect instead of the server. */
  readonly uri: string
  /** The commands clients sent, in order (handshakes and heartbeats included). */
  readonly commands: string[]
  /** The same per connection, in the order they were opened. */
  readonly commandsByConnection: string[][]
  readonly connectionsOpened: number
  readonly openConnections: number
  /** Stops listening and drops every connection: to clients, a database that went away. */
  close(): Promise<void>
}

const after = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/**
 * A TCP pass-through in front of a MongoDB server that counts what clients send: "answered without
 * touching the database" becomes "no command reached it". Loopback only; optionally as slow as a
 * network to the database would be (roundTripMs).
 */
export async function startMongoWireTap(target: { port: number }, { roundTripMs = 0 }: MongoWireTapOptions = {}): Promise<MongoWireTap> {
  const commands: string[] = []
  const commandsByConnection: string[][] = []
  const sockets = new Set<Socket>()
  const clients = new Set<Socket>()
  let connectionsOpened = 0
  const server = createServer((client) => {
    connectionsOpened++
    const connectionCommands: string[] = []
    commandsByConnection.push(connectionCommands)
    const upstream = createConnection({ host: '127.0.0.1', port: target.port })
    sockets.add(client).add(upstream)
    clients.add(client)
    let pending = Buffer.alloc(0)
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk])
      while (pending.length >= 16 && pending.length >= pending.readInt32LE(0)) {
        const length = pending.readInt32LE(0)
        const name = commandNameOf(pending.subarray(0, length))
        commands.push(name)
        connectionCommands.push(name)
        pending = pending.subarray(length)
      }
    })
    if (roundTripMs > 0) {
      // Timers of equal delay fire in order, and so do the callbacks of one promise: bytes keep their order.
      const setUp = after(2 * roundTripMs)
      client.on('data', (chunk: Buffer) => void after(roundTripMs / 2).then(() => setUp).then(() => upstream.write(chunk)))
      upstream.on('data', (chunk: Buffer) => void after(roundTripMs / 2).then(() => client.write(chunk)))
    }
    else {
      client.pipe(upstream).pipe(client)
    }
    const end = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
      clients.delete(client)
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    commands,
    commandsByConnection,
    get connectionsOpened() {
      return connectionsOpened
    },
    get openConnections() {
      return clients.size
    },
    async close() {
      const closed = new Promise(resolve => server.close(resolve))
      for (const socket of sockets) socket.destroy()
      await closed
    },
  }
}
