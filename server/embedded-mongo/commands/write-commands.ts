import type { Document } from 'bson'
import { MongoCommandError, asCommandError } from '../errors.ts'
import { applyUpdate, buildUpsertDocument, isReplacement, validateUpdate } from '../engine/apply-update.ts'
import type { Collection } from '../engine/collection.ts'
import type { StoredDocument } from '../engine/stored-document.ts'
import { executeFind } from '../engine/find-executor.ts'
import { isPlainObject } from '../engine/key-path.ts'
import { parseSort } from '../engine/sort-order.ts'
import { optionalArray, optionalBoolean, targetCollection } from './command-arguments.ts'
import type { CommandContext, CommandHandler } from './command-context.ts'

interface StatementOutcome {
  n: number
  modified?: number
  upsertedId?: unknown
}

/** A document, or the BSON bytes of one: inserted documents from a document sequence stay encoded (parseOpMsg). */
function isStatement(value: unknown): boolean {
  return value instanceof Uint8Array || isPlainObject(value)
}

/**
 * Runs each statement of a write command; a failed statement becomes a write error and, when the
 * command is ordered, stops the ones after it, as mongod does.
 */
function runStatements<Statement extends Document | Uint8Array>(command: Document, statements: Statement[], run: (statement: Statement, index: number) => StatementOutcome): Document {
  const ordered = optionalBoolean(command, 'ordered') ?? true
  const writeErrors: Document[] = []
  const upserted: Document[] = []
  let n = 0
  let nModified = 0
  for (let index = 0; index < statements.length; index++) {
    const statement = statements[index]!
    try {
      if (!isStatement(statement)) throw new MongoCommandError('TypeMismatch', `write statement ${index} must be an object`)
      const outcome = run(statement, index)
      n += outcome.n
      nModified += outcome.modified ?? 0
      if (outcome.upsertedId !== undefined) upserted.push({ index, _id: outcome.upsertedId })
    }
    catch (error) {
      writeErrors.push(asCommandError(error).toWriteError(index))
      if (ordered) break
    }
  }
  const reply: Document = { n }
  if (command.update !== undefined) reply.nModified = nModified
  if (upserted.length > 0) reply.upserted = upserted
  if (writeErrors.length > 0) reply.writeErrors = writeErrors
  reply.ok = 1
  return reply
}

/** Logs a stored document's BSON: `sent`, the view an insert's document arrived as, when it is stored as sent (no new view per document). */
function recordPut(context: CommandContext, collection: Collection, stored: StoredDocument, sent?: Uint8Array): void {
  const bytes = sent && stored.isStoredAs(sent) ? sent : stored.bytes
  const last = context.changes.at(-1)
  if (last?.op === 'put' && last.db === collection.database && last.coll === collection.name) last.docs.push(bytes)
  else context.changes.push({ op: 'put', db: collection.database, coll: collection.name, docs: [bytes] })
}

function recordDelete(context: CommandContext, collection: Collection, id: unknown): void {
  const last = context.changes.at(-1)
  if (last?.op === 'delete' && last.db === collection.database && last.coll === collection.name) last.ids.push(id)
  else context.changes.push({ op: 'delete', db: collection.database, coll: collection.name, ids: [id] })
}

function statementsOf(command: Document, field: string): Document[] {
  const statements = optionalArray(command, field)
  if (!statements) throw new MongoCommandError('FailedToParse', `BSON field '${Object.keys(command)[0]}.${field}' is missing but a required field`)
  return statements
}

function filterOf(statement: Document, field: string): Document {
  const filter = statement[field] ?? {}
  if (!isPlainObject(filter)) throw new MongoCommandError('TypeMismatch', `BSON field '${field}' is the wrong type, expected type 'object'`)
  return filter
}

const INSERTED_ONE: StatementOutcome = Object.freeze({ n: 1 })

const insert: CommandHandler = (command, context) => {
  const documents = statementsOf(command, 'documents') as Array<Document | Uint8Array>
  const collection = context.server.catalog.ensureCollection(context.database, targetCollection(command), context.changes)
  return runStatements(command, documents, (document) => {
    if (document instanceof Uint8Array) recordPut(context, collection, collection.insertEncoded(document), document)
    else recordPut(context, collection, collection.insert(document))
    return INSERTED_ONE
  })
}

/** One update statement: modify the first (or every, with multi) match, or insert when upserting. */
export function updateMatching(context: CommandContext, collectionName: string, statement: Document): StatementOutcome & { before?: Document, after?: Document } {
  const filter = filterOf(statement, 'q')
  const update = statement.u
  validateUpdate(update)
  const multi = statement.multi === true
  if (multi && isReplacement(update)) throw new MongoCommandError('FailedToParse', 'multi update is not supported for replacement-style update')
  const options = { filter, arrayFilters: statement.arrayFilters as Document[] | undefined }
  const existing = context.server.catalog.getCollection(context.database, collectionName)
  const { documents } = executeFind(existing, { filter, sort: parseSort(statement.sort), skip: 0, limit: multi ? 0 : 1 })
  if (documents.length > 0) {
    let modified = 0
    let after: Document | undefined
    for (const current of documents) {
      const next = applyUpdate(current, update, options)
      after = next ?? current
      if (!next) continue
      recordPut(context, existing!, existing!.replace(current, next))
      modified++
    }
    return { n: documents.length, modified, before: documents[0], after }
  }
  if (statement.upsert !== true) return { n: 0 }
  const collection = context.server.catalog.ensureCollection(context.database, collectionName, context.changes)
  const inserted = collection.insert(buildUpsertDocument(update, options))
  recordPut(context, collection, inserted)
  return { n: 1, upsertedId: inserted.document._id, after: inserted.document }
}

const update: CommandHandler = (command, context) => {
  const name = targetCollection(command)
  return runStatements(command, statementsOf(command, 'updates'), statement => updateMatching(context, name, statement))
}

/** One delete statement: limit 1 removes the first match, limit 0 every match. */
export function deleteMatching(context: CommandContext, collectionName: string, filter: Document, options: { limit: number, sort?: unknown }): Document[] {
  const collection = context.server.catalog.getCollection(context.database, collectionName)
  const { documents } = executeFind(collection, { filter, sort: parseSort(options.sort), skip: 0, limit: options.limit })
  for (const document of documents) {
    collection!.remove(document)
    recordDelete(context, collection!, document._id)
  }
  return documents
}

const deleteCommand: CommandHandler = (command, context) => {
  const name = targetCollection(command)
  return runStatements(command, statementsOf(command, 'deletes'), (statement) => {
    const limit = statement.limit ?? 0
    if (limit !== 0 && limit !== 1) throw new MongoCommandError('FailedToParse', `The limit field in delete objects must be 0 or 1. Got ${String(limit)}`)
    return { n: deleteMatching(context, name, filterOf(statement, 'q'), { limit }).length }
  })
}

export const writeCommands: Record<string, CommandHandler> = { insert, update, delete: deleteCommand }
