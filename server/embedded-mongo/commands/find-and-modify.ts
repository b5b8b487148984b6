import { MongoCommandError } from '../errors.ts'
import { applyProjection } from '../engine/projection.ts'
import { optionalBoolean, optionalDocument, targetCollection } from './command-arguments.ts'
import type { CommandHandler } from './command-context.ts'
import { deleteMatching, updateMatching } from './write-commands.ts'

const findAndModify: CommandHandler = (command, context) => {
  const name = targetCollection(command)
  const query = optionalDocument(command, 'query') ?? {}
  const remove = optionalBoolean(command, 'remove') ?? false
  const returnNew = optionalBoolean(command, 'new') ?? false
  const fields = optionalDocument(command, 'fields')
  const project = (document: unknown) => document ? applyProjection([document as never], fields, query)[0] : null
  if (remove && command.update !== undefined) throw new MongoCommandError('FailedToParse', 'Cannot specify both an update and remove=true')
  if (remove) {
    if (command.upsert === true) throw new MongoCommandError('FailedToParse', 'Cannot specify both upsert=true and remove=true')
    const [removed] = deleteMatching(context, name, query, { limit: 1, sort: command.sort })
    return { lastErrorObject: { n: removed ? 1 : 0 }, value: project(removed), ok: 1 }
  }
  if (command.update === undefined) throw new MongoCommandError('FailedToParse', 'Either an update or remove=true must be specified')
  const outcome = updateMatching(context, name, {
    q: query,
    u: command.update,
    upsert: command.upsert === true,
    sort: command.sort,
    arrayFilters: command.arrayFilters,
  })
  const lastErrorObject: Record<string, unknown> = { n: outcome.n, updatedExisting: outcome.upsertedId === undefined && outcome.n > 0 }
  if (outcome.upsertedId !== undefined) lastErrorObject.upserted = outcome.upsertedId
  const value = returnNew ? outcome.after : (outcome.upsertedId === undefined ? outcome.before : undefined)
  return { lastErrorObject, value: project(value), ok: 1 }
}

export const findAndModifyCommands: Record<string, CommandHandler> = { findAndModify, findandmodify: findAndModify }
