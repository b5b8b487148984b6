import type { Document } from 'bson'
import { MongoCommandError } from '../errors.ts'
import { compareValues } from '../engine/bson-order.ts'
import { idKey } from '../engine/id-key.ts'
import { executeFind, findStored, type FindRequest } from '../engine/find-executor.ts'
import { valuesAtPath, splitPath } from '../engine/key-path.ts'
import { applyProjection } from '../engine/projection.ts'
import { parseSort } from '../engine/sort-order.ts'
import type { ResultDocument } from '../engine/cursor-registry.ts'
import type { StoredDocument } from '../engine/stored-document.ts'
import { withIdFirstBytes, withoutIdBytes } from '../wire/id-first-bytes.ts'
import { optionalArray, optionalBoolean, optionalDocument, optionalNumber, targetCollection } from './command-arguments.ts'
import type { CommandContext, CommandHandler } from './command-context.ts'

export function findRequestOf(command: Document): FindRequest & { singleBatch: boolean } {
  const limit = optionalNumber(command, 'limit') ?? 0
  return {
    filter: optionalDocument(command, 'filter') ?? {},
    sort: parseSort(optionalDocument(command, 'sort')),
    skip: optionalNumber(command, 'skip', { min: 0 }) ?? 0,
    // A negative limit is the legacy "single batch of n".
    limit: Math.abs(limit),
    singleBatch: (optionalBoolean(command, 'singleBatch') ?? false) || limit < 0,
  }
}

export function collectionOf(context: CommandContext, command: Document) {
  return context.server.catalog.getCollection(context.database, targetCollection(command))
}

const find: CommandHandler = (command, context) => {
  const request = findRequestOf(command)
  const { found } = findStored(collectionOf(context, command), request)
  const namespace = `${context.database}.${targetCollection(command)}`
  return context.server.cursors.firstPage(namespace, findResults(found, request.filter, optionalDocument(command, 'projection')), optionalNumber(command, 'batchSize', { min: 0 }), request.singleBatch)
}

/**
 * Without a projection, or with only `{_id: 0}` (the app's usual one), documents are sent as the BSON
 * they are stored as, _id moved first or cut out, without decoding them; other projections decode.
 */
function findResults(found: StoredDocument[], filter: Document, projection: Document | undefined): ResultDocument[] {
  const fields = Object.entries(projection ?? {})
  if (fields.length === 0) return found.map(stored => withIdFirstBytes(stored.bytes))
  const [[name, value] = []] = fields
  if (fields.length === 1 && name === '_id' && (value === 0 || value === false)) {
    const withoutId = found.map(stored => withoutIdBytes(stored.bytes))
    if (withoutId.every(bytes => bytes !== undefined)) return withoutId as Uint8Array[]
  }
  return applyProjection(found.map(stored => stored.document), projection, filter)
}

const getMore: CommandHandler = (command, context) => {
  const id = optionalNumber(command, 'getMore')
  const collection = command.collection
  if (id === undefined) throw new MongoCommandError('TypeMismatch', 'BSON field \'getMore.getMore\' is missing but a required field')
  if (typeof collection !== 'string') throw new MongoCommandError('TypeMismatch', 'BSON field \'getMore.collection\' is the wrong type, expected type \'string\'')
  return context.server.cursors.nextPage(id, `${context.database}.${collection}`, optionalNumber(command, 'batchSize', { min: 0 }))
}

const killCursors: CommandHandler = (command, context) => {
  const ids = (optionalArray(command, 'cursors') ?? []).map(Number)
  const { killed, notFound } = context.server.cursors.kill(ids)
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 }
}

const count: CommandHandler = (command, context) => {
  const collection = collectionOf(context, command)
  const query = optionalDocument(command, 'query') ?? {}
  const skip = optionalNumber(command, 'skip', { min: 0 }) ?? 0
  const limit = Math.abs(optionalNumber(command, 'limit') ?? 0)
  if (!collection) return { n: 0, ok: 1 }
  if (Object.keys(query).length === 0) {
    const total = Math.max(0, collection.count - skip)
    return { n: limit > 0 ? Math.min(limit, total) : total, ok: 1 }
  }
  return { n: findStored(collection, { filter: query, sort: [], skip, limit }).found.length, ok: 1 }
}

const distinct: CommandHandler = (command, context) => {
  const key = command.key
  if (typeof key !== 'string') throw new MongoCommandError('TypeMismatch', 'BSON field \'distinct.key\' is the wrong type, expected type \'string\'')
  const { documents } = executeFind(collectionOf(context, command), { filter: optionalDocument(command, 'query') ?? {}, sort: [], skip: 0, limit: 0 })
  const path = splitPath(key)
  const values = new Map<string, unknown>()
  for (const document of documents) {
    const found = valuesAtPath(document, path)
    if (found.missing) continue
    for (const value of found.values) values.set(idKey(value), value)
  }
  return { values: [...values.values()].sort(compareValues), ok: 1 }
}

export const readCommands: Record<string, CommandHandler> = { find, getMore, killCursors, count, distinct }
