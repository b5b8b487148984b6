import type { Socket } from 'node:net'
import type { Document } from 'bson'
import { MongoCommandError } from './errors.ts'
import type { ServerState } from './commands/command-context.ts'
import { dispatchCommand } from './commands/dispatch-command.ts'
import { helloReply } from './commands/handshake-commands.ts'
import type { Change } from './storage/change.ts'
import { MessageFramer } from './wire/message-framer.ts'
import { OpCode, readHeader } from './wire/message-header.ts'
import { parseOpMsg, serializeOpMsg } from './wire/op-msg.ts'
import { parseOpQuery, serializeOpReply } from './wire/op-query.ts'

export interface ConnectionDeps {
  state: ServerState
  connectionId: number
  /** Makes a command's changes durable; resolves before the reply is sent. */
  persist: (changes: Change[]) => Promise<void>
  log: (message: string) => void
}

let nextResponseId = 1

const LEGACY_HANDSHAKES = new Set(['ismaster', 'isMaster', 'hello'])

/**
 * Serves one client socket: messages are handled strictly in arrival order, each command runs
 * synchronously against memory, and its reply waits until its changes are on disk.
 */
export function serveConnection(socket: Socket, deps: ConnectionDeps): Promise<void> {
  const framer = new MessageFramer()
  let queue = Promise.resolve()
  socket.setNoDelay(true)
  socket.on('error', () => socket.destroy())
  socket.on('data', (chunk) => {
    let messages: Buffer[]
    try {
      messages = framer.push(chunk)
    }
    catch (error) {
      deps.log(`embedded-mongo: closing connection ${deps.connectionId}: ${(error as Error).message}`)
      socket.destroy()
      return
    }
    for (const message of messages) queue = queue.then(() => handleMessage(message, socket, deps))
  })
  return new Promise(resolve => socket.on('close', () => queue.then(() => resolve())))
}

async function handleMessage(message: Buffer, socket: Socket, deps: ConnectionDeps): Promise<void> {
  if (socket.destroyed) return
  const header = readHeader(message)
  try {
    if (header.opCode === OpCode.Query) {
      const reply = legacyCommandReply(message, deps)
      socket.write(serializeOpReply(nextResponseId++, header.requestId, reply))
      return
    }
    if (header.opCode !== OpCode.Msg) throw new Error(`unsupported opCode ${header.opCode}`)
    let request
    try {
      request = parseOpMsg(message)
    }
    catch (error) {
      // A message we cannot read (bad BSON, bad checksum) gets an error reply; the stream itself is intact.
      socket.write(encodeReply(header.requestId, new MongoCommandError('BadValue', `invalid message: ${(error as Error).message}`).toReply()))
      return
    }
    const reply = await runCommand(request.body, deps)
    if (!request.moreToCome) socket.write(encodeReply(header.requestId, reply))
  }
  catch (error) {
    deps.log(`embedded-mongo: closing connection ${deps.connectionId}: ${(error as Error).message}`)
    socket.destroy()
  }
}

function legacyCommandReply(message: Buffer, deps: ConnectionDeps): Document {
  const { collection, query } = parseOpQuery(message)
  const name = Object.keys(query)[0] ?? ''
  if (collection.endsWith('.$cmd') && LEGACY_HANDSHAKES.has(name)) return helloReply(deps, true)
  return new MongoCommandError('UnsupportedOpQueryCommand', `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade.`).toReply()
}

async function runCommand(body: Document, deps: ConnectionDeps): Promise<Document> {
  const database = body.$db
  if (typeof database !== 'string') return new MongoCommandError('InvalidNamespace', 'OP_MSG requests require a $db argument').toReply()
  const changes: Change[] = []
  let reply = dispatchCommand(body, { server: deps.state, database, connectionId: deps.connectionId, changes })
  if (changes.length > 0) {
    try {
      await deps.persist(changes)
    }
    catch (error) {
      deps.log(`embedded-mongo: write-ahead log append failed: ${(error as Error).message}`)
      reply = new MongoCommandError('InternalError', `the write could not be made durable: ${(error as Error).message}`).toReply()
    }
  }
  return reply
}

function encodeReply(responseTo: number, reply: Document): Buffer {
  try {
    return serializeOpMsg(nextResponseId++, responseTo, reply)
  }
  catch (error) {
    const failure = new MongoCommandError('InternalError', `the reply could not be encoded: ${(error as Error).message}`)
    return serializeOpMsg(nextResponseId++, responseTo, failure.toReply())
  }
}
