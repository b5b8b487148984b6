import type { Document } from 'bson'
import { MongoCommandError, asCommandError } from '../errors.ts'
import { aggregateCommands } from './aggregate-command.ts'
import { catalogCommands } from './catalog-commands.ts'
import { commandName } from './command-arguments.ts'
import type { CommandContext, CommandHandler } from './command-context.ts'
import { explainCommands } from './explain-command.ts'
import { findAndModifyCommands } from './find-and-modify.ts'
import { handshakeCommands } from './handshake-commands.ts'
import { readCommands } from './read-commands.ts'
import { writeCommands } from './write-commands.ts'

const handlers: Record<string, CommandHandler> = {
  ...handshakeCommands,
  ...readCommands,
  ...writeCommands,
  ...findAndModifyCommands,
  ...aggregateCommands,
  ...catalogCommands,
  ...explainCommands,
}

/** A standalone mongod refuses anything that belongs to a transaction; so do we, rather than pretend. */
function assertNoTransaction(command: Document): void {
  if (command.txnNumber !== undefined || command.startTransaction !== undefined || command.autocommit !== undefined) {
    throw new MongoCommandError('IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos')
  }
}

/** Runs one command against memory and returns its reply; a failure becomes `{ ok: 0, … }`, never a crash. */
export function dispatchCommand(command: Document, context: CommandContext): Document {
  const name = commandName(command)
  const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined
  try {
    if (!handler) throw new MongoCommandError('CommandNotFound', `no such command: '${name}'`)
    assertNoTransaction(command)
    return handler(command, context)
  }
  catch (error) {
    return asCommandError(error).toReply()
  }
}
