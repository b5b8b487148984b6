import { BSON, EJSON } from 'bson'
import type { Document } from 'bson'
import type { Change } from '../../../server/embedded-mongo/storage/durable-store.ts'

interface Collection {
  indexes: Map<string, Document>
  docs: Map<string, Document>
}

/** A minimal stand-in for the engine: applies changes and dumps its state the way the engine's capture() will. */
export class MemoryState {
  readonly collections = new Map<string, Collection>()

  apply = (change: Change): void => {
    switch (change.op) {
      case 'createCollection':
        this.#collection(change.db, change.coll)
        return
      case 'dropCollection':
        this.collections.delete(`${change.db}.${change.coll}`)
        return
      case 'dropDatabase':
        for (const name of [...this.collections.keys()]) if (name.startsWith(`${change.db}.`)) this.collections.delete(name)
        return
      case 'createIndex': {
        const indexes = this.#collection(change.db, change.coll).indexes
        const name = String(change.spec['name'])
        if (!indexes.has(name)) indexes.set(name, change.spec)
        return
      }
      case 'dropIndex':
        this.collections.get(`${change.db}.${change.coll}`)?.indexes.delete(change.name)
        return
      case 'put': {
        const docs = this.#collection(change.db, change.coll).docs
        for (const bytes of change.docs) {
          const doc = BSON.deserialize(bytes)
          docs.set(idKey(doc['_id']), doc)
        }
        return
      }
      case 'delete': {
        const docs = this.collections.get(`${change.db}.${change.coll}`)?.docs
        for (const id of change.ids) docs?.delete(idKey(id))
        return
      }
    }
  }

  /** Point-in-time: copies the references now, yields lazily. */
  capture = (): Iterable<Change> => {
    const copy = [...this.collections].map(([name, coll]) => ({
      name,
      indexes: [...coll.indexes.values()],
      docs: [...coll.docs.values()],
    }))
    return (function* (): Generator<Change> {
      for (const { name, indexes, docs } of copy) {
        const [db = '', coll = ''] = splitName(name)
        yield { op: 'createCollection', db, coll }
        for (const spec of indexes) yield { op: 'createIndex', db, coll, spec }
        for (let i = 0; i < docs.length; i += 100) yield { op: 'put', db, coll, docs: docs.slice(i, i + 100).map(encodeDocument) }
      }
    })()
  }

  docs(db: string, coll: string): Document[] {
    return [...(this.collections.get(`${db}.${coll}`)?.docs.values() ?? [])]
  }

  /** Comparable form of the whole state. */
  toEJSON(): string {
    const names = [...this.collections.keys()].sort()
    return EJSON.stringify(
      names.map((name) => {
        const coll = this.collections.get(name)!
        return { name, indexes: [...coll.indexes.entries()].sort(), docs: [...coll.docs.entries()].sort() }
      }),
      { relaxed: false },
    )
  }

  #collection(db: string, coll: string): Collection {
    const name = `${db}.${coll}`
    let collection = this.collections.get(name)
    if (!collection) {
      collection = { indexes: new Map(), docs: new Map() }
      this.collections.set(name, collection)
    }
    return collection
  }
}

/** A document as the storage layer carries it: BSON bytes. */
export function encodeDocument(document: Document): Uint8Array {
  return BSON.serialize(document, { ignoreUndefined: false })
}

function idKey(id: unknown): string {
  return EJSON.stringify({ id }, { relaxed: false })
}

function splitName(name: string): [string, string] {
  const dot = name.indexOf('.')
  return [name.slice(0, dot), name.slice(dot + 1)]
}
