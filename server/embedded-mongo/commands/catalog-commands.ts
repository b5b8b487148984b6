import type { Document } from 'bson'
import { Query } from 'mingo'
import { MongoCommandError } from '../errors.ts'
import { assertValidNamespace } from '../engine/catalog.ts'
import { ID_INDEX_SPEC } from '../engine/collection.ts'
import { normaliseIndexSpec } from '../engine/index-key-spec.ts'
import { optionalArray, optionalBoolean, optionalDocument, targetCollection } from './command-arguments.ts'
import type { CommandContext, CommandHandler } from './command-context.ts'

function filtered(entries: Document[], filter: Document | undefined): Document[] {
  return filter ? entries.filter(entry => new Query(filter).test(entry)) : entries
}

const create: CommandHandler = (command, context) => {
  const name = targetCollection(command)
  assertValidNamespace(context.database, name)
  if (context.server.catalog.getCollection(context.database, name)) {
    throw new MongoCommandError('NamespaceExists', `Collection ${context.database}.${name} already exists.`)
  }
  context.server.catalog.ensureCollection(context.database, name, context.changes)
  return { ok: 1 }
}

const drop: CommandHandler = (command, context) => {
  const name = targetCollection(command)
  const collection = context.server.catalog.getCollection(context.database, name)
  // Since MongoDB 7, dropping a collection that does not exist succeeds.
  if (!collection) return { ok: 1 }
  const nIndexesWas = collection.indexSpecs().length
  context.server.catalog.dropCollection(context.database, name)
  context.changes.push({ op: 'dropCollection', db: context.database, coll: name })
  return { nIndexesWas, ns: collection.namespace, ok: 1 }
}

const dropDatabase: CommandHandler = (_command, context) => {
  if (context.server.catalog.dropDatabase(context.database)) context.changes.push({ op: 'dropDatabase', db: context.database })
  return { dropped: context.database, ok: 1 }
}

const listCollections: CommandHandler = (command, context) => {
  const nameOnly = optionalBoolean(command, 'nameOnly') ?? false
  const entries = context.server.catalog.collections(context.database).map(collection => nameOnly
    ? { name: collection.name, type: 'collection' }
    : { name: collection.name, type: 'collection', options: {}, info: { readOnly: false, uuid: collection.uuid }, idIndex: ID_INDEX_SPEC })
  const cursorOptions = optionalDocument(command, 'cursor')
  return context.server.cursors.firstPage(`${context.database}.$cmd.listCollections`, filtered(entries, optionalDocument(command, 'filter')), cursorOptions?.batchSize)
}

function approximateSize(context: CommandContext, database: string): number {
  let bytes = 0
  for (const collection of context.server.catalog.collections(database)) bytes += collection.dataSize
  return bytes
}

const listDatabases: CommandHandler = (command, context) => {
  const nameOnly = optionalBoolean(command, 'nameOnly') ?? false
  const names = context.server.catalog.databaseNames()
  const entries = names.map(name => nameOnly ? { name } : { name, sizeOnDisk: approximateSize(context, name), empty: false })
  const databases = filtered(entries, optionalDocument(command, 'filter'))
  if (nameOnly) return { databases, ok: 1 }
  const totalSize = databases.reduce((sum, entry) => sum + (entry.sizeOnDisk as number), 0)
  return { databases, totalSize, totalSizeMb: Math.round(totalSize / 1024 / 1024), ok: 1 }
}

const createIndexes: CommandHandler = (command, context) => {
  const name = targetCollection(command)
  const requested = optionalArray(command, 'indexes')
  if (!requested || requested.length === 0) throw new MongoCommandError('BadValue', 'Must specify at least one index to create')
  const specs = requested.map(normaliseIndexSpec)
  const createdCollectionAutomatically = !context.server.catalog.getCollection(context.database, name)
  const collection = context.server.catalog.ensureCollection(context.database, name, context.changes)
  const numIndexesBefore = collection.indexSpecs().length
  for (const spec of specs) {
    if (collection.createIndex(spec) === 'created') {
      context.changes.push({ op: 'createIndex', db: context.database, coll: name, spec: spec as unknown as Document })
    }
  }
  const numIndexesAfter = collection.indexSpecs().length
  const reply: Document = { numIndexesBefore, numIndexesAfter, createdCollectionAutomatically }
  if (numIndexesAfter === numIndexesBefore) reply.note = 'all indexes already exist'
  reply.ok = 1
  return reply
}

const listIndexes: CommandHandler = (command, context) => {
  const name = targetCollection(command)
  const collection = context.server.catalog.getCollection(context.database, name)
  if (!collection) throw new MongoCommandError('NamespaceNotFound', `ns does not exist: ${context.database}.${name}`)
  const cursorOptions = optionalDocument(command, 'cursor')
  return context.server.cursors.firstPage(`${context.database}.${name}`, collection.indexSpecs() as unknown as Document[], cursorOptions?.batchSize)
}

const dropIndexes: CommandHandler = (command, context) => {
  const name = targetCollection(command)
  const collection = context.server.catalog.getCollection(context.database, name)
  if (!collection) throw new MongoCommandError('NamespaceNotFound', `ns not found ${context.database}.${name}`)
  const nIndexesWas = collection.indexSpecs().length
  const target = command.index
  const specs = collection.indexes.map(index => index.spec)
  let names: string[]
  if (target === '*') names = specs.map(spec => spec.name)
  else if (typeof target === 'string') names = [target]
  else if (Array.isArray(target)) names = target.map(String)
  else if (target && typeof target === 'object') {
    const match = collection.indexSpecs().find(spec => JSON.stringify(spec.key) === JSON.stringify(target))
    if (!match) throw new MongoCommandError('IndexNotFound', `can't find index with key: ${JSON.stringify(target)}`)
    names = [match.name]
  }
  else throw new MongoCommandError('TypeMismatch', 'BSON field \'dropIndexes.index\' is missing or of the wrong type')
  if (names.includes(ID_INDEX_SPEC.name)) throw new MongoCommandError('InvalidOptions', 'cannot drop _id index')
  const missing = names.find(indexName => !specs.some(spec => spec.name === indexName))
  if (missing) throw new MongoCommandError('IndexNotFound', `index not found with name [${missing}]`)
  for (const indexName of names) {
    collection.dropIndex(indexName)
    context.changes.push({ op: 'dropIndex', db: context.database, coll: name, name: indexName })
  }
  return { nIndexesWas, ok: 1 }
}

const dbStats: CommandHandler = (_command, context) => {
  const collections = context.server.catalog.collections(context.database)
  const dataSize = approximateSize(context, context.database)
  return {
    db: context.database,
    collections: collections.length,
    views: 0,
    objects: collections.reduce((sum, collection) => sum + collection.count, 0),
    dataSize,
    storageSize: dataSize,
    indexes: collections.reduce((sum, collection) => sum + collection.indexSpecs().length, 0),
    ok: 1,
  }
}

export const catalogCommands: Record<string, CommandHandler> = {
  create, drop, dropDatabase, listCollections, listDatabases, createIndexes, listIndexes, dropIndexes, deleteIndexes: dropIndexes, dbStats,
}
