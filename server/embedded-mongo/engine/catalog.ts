import type { Document } from 'bson'
import { MongoCommandError } from '../errors.ts'
import type { Change } from '../storage/change.ts'
import { Collection } from './collection.ts'

const DOCUMENTS_PER_SNAPSHOT_RECORD = 1000

/** All databases and their collections, plus the translation between them and the durable change log. */
export class Catalog {
  private readonly databases = new Map<string, Map<string, Collection>>()

  databaseNames(): string[] {
    return [...this.databases.keys()]
  }

  collections(database: string): Collection[] {
    return [...(this.databases.get(database)?.values() ?? [])]
  }

  getCollection(database: string, name: string): Collection | undefined {
    return this.databases.get(database)?.get(name)
  }

  /** Writes create collections implicitly, as in MongoDB; the creation is logged with the write. */
  ensureCollection(database: string, name: string, changes: Change[]): Collection {
    const existing = this.getCollection(database, name)
    if (existing) return existing
    assertValidNamespace(database, name)
    const collection = this.addCollection(database, name)
    changes.push({ op: 'createCollection', db: database, coll: name })
    return collection
  }

  dropCollection(database: string, name: string): boolean {
    const collections = this.databases.get(database)
    const dropped = collections?.delete(name) ?? false
    if (collections && collections.size === 0) this.databases.delete(database)
    return dropped
  }

  /** Lets every collection's indexes take the entries they held back (SecondaryIndex.applyPending). */
  applyPendingIndexEntries(): void {
    for (const collections of this.databases.values()) {
      for (const collection of collections.values()) collection.applyPendingIndexEntries()
    }
  }

  dropDatabase(database: string): boolean {
    return this.databases.delete(database)
  }

  /** Replays one recovered change; changes are idempotent, so replaying twice is harmless. */
  apply(change: Change): void {
    switch (change.op) {
      case 'createCollection':
        if (!this.getCollection(change.db, change.coll)) this.addCollection(change.db, change.coll)
        return
      case 'dropCollection':
        this.dropCollection(change.db, change.coll)
        return
      case 'dropDatabase':
        this.dropDatabase(change.db)
        return
      case 'createIndex':
        this.recoveredCollection(change.db, change.coll).createIndex(change.spec as never)
        return
      case 'dropIndex':
        this.getCollection(change.db, change.coll)?.dropIndex(change.name)
        return
      case 'put': {
        const collection = this.recoveredCollection(change.db, change.coll)
        for (const bytes of change.docs) collection.put(bytes)
        return
      }
      case 'delete': {
        const collection = this.getCollection(change.db, change.coll)
        for (const id of change.ids) collection?.removeById(id)
      }
    }
  }

  /**
   * The whole state as changes, for a snapshot. Document references are taken now (synchronously):
   * stored documents are never mutated (a change stores a new one), so the lists stay a consistent
   * point-in-time view while the snapshot is written in the background. Their bytes are viewed only
   * as each record is written, so the capture holds no view per document.
   */
  capture(): Iterable<Change> {
    const frozen = [...this.databases].flatMap(([database, collections]) => [...collections.values()].map(collection => ({
      database,
      name: collection.name,
      specs: collection.indexes.map(index => index.spec),
      documents: Array.from(collection.stored()),
    })))
    return (function* () {
      for (const { database, name, specs, documents } of frozen) {
        yield { op: 'createCollection', db: database, coll: name }
        for (const spec of specs) yield { op: 'createIndex', db: database, coll: name, spec: spec as Document }
        for (let start = 0; start < documents.length; start += DOCUMENTS_PER_SNAPSHOT_RECORD) {
          yield { op: 'put', db: database, coll: name, docs: documents.slice(start, start + DOCUMENTS_PER_SNAPSHOT_RECORD).map(stored => stored.bytes) }
        }
      }
    })()
  }

  private addCollection(database: string, name: string): Collection {
    let collections = this.databases.get(database)
    if (!collections) {
      collections = new Map()
      this.databases.set(database, collections)
    }
    const collection = new Collection(database, name)
    collections.set(name, collection)
    return collection
  }

  private recoveredCollection(database: string, name: string): Collection {
    return this.getCollection(database, name) ?? this.addCollection(database, name)
  }
}

const INVALID_DATABASE_CHARACTERS = /[/\\. "$*<>:|?\0]/

export function assertValidNamespace(database: string, collection?: string): void {
  if (!database || INVALID_DATABASE_CHARACTERS.test(database) || database.length > 63) {
    throw new MongoCommandError('InvalidNamespace', `Invalid database name: '${database}'`)
  }
  if (collection === undefined) return
  if (!collection || collection.includes('$') || collection.includes('\0') || collection.startsWith('.') || collection.startsWith('system.')) {
    throw new MongoCommandError('InvalidNamespace', `Invalid collection name: ${database}.${collection}`)
  }
}
