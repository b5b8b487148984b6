import { BSON, EJSON, ObjectId, UUID, type Document } from 'bson'
import { MongoCommandError } from '../errors.ts'
import { BsonType } from '../wire/bson-element-walk.ts'
import { DocumentsById } from './documents-by-id.ts'
import { idKey } from './id-key.ts'
import { appendBsonValue, beginKey, encodeIndexValue, finishKey } from './index-key-encoding.ts'
import { compareIndexDefinitions, keyFieldNamesOf, type IndexSpec } from './index-key-spec.ts'
import { SecondaryIndex, type IndexKey } from './secondary-index.ts'
import { StoredDocument } from './stored-document.ts'
import { ABSENT, FieldNames, NOT_READ, readTopLevelFields, scalarAt } from './top-level-fields.ts'

export const ID_INDEX_SPEC: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' }

/** Per index (in `indexList` order), the keys of one document. */
type IndexedKeys = IndexKey[][]

/** A document's values, or its BSON: decoded only for an E11000 message (valuesOf). */
type KeyedValues = Document | Uint8Array

function valuesOf(keyed: KeyedValues): Document {
  return keyed instanceof Uint8Array ? BSON.deserialize(keyed) : keyed
}

/** keyFields always names _id first. */
const ID_SLOT = 0

/** The keys of an index that leaves a document out (sparse); shared, and never changed. */
const NO_KEYS: IndexKey[] = []

/**
 * One collection's documents (by _id) and its secondary indexes. Documents are stored as BSON
 * (StoredDocument) and decoded when first read; every change replaces a document as a whole, after
 * all unique constraints were checked, so a failed write leaves nothing half-applied.
 */
export class Collection {
  readonly database: string
  readonly name: string
  readonly uuid = new UUID()
  private readonly documents = new DocumentsById()
  private readonly secondaryIndexes = new Map<string, SecondaryIndex>()
  /** The indexes as an array, kept in step with the map: every write walks it. */
  private indexList: SecondaryIndex[] = []
  /** The top-level fields the indexes read; undefined while one needs the whole document (a partial filter). */
  private keyFields: FieldNames | undefined = fieldsReadBy([])
  /**
   * Per index, the positions of its fields among keyFields' names; undefined when some index has a
   * dotted path (not a top-level field) or keyFields is undefined: inserts then never build keys from bytes.
   */
  private keySlots: number[][] | undefined = []
  /**
   * What keysFromBytes fills for the document it reads, per index its key alone in a one-slot array
   * of its own (or NO_KEYS): read by storeKeyed before the next insert, so that an insert makes no
   * arrays for its keys. Nothing keeps these arrays: the indexes take the keys out of them.
   */
  private keysOfBytes: IndexedKeys = []
  private singleKeys: IndexKey[][] = []

  constructor(database: string, name: string) {
    this.database = database
    this.name = name
  }

  get namespace(): string {
    return `${this.database}.${this.name}`
  }

  get count(): number {
    return this.documents.size
  }

  get indexes(): readonly SecondaryIndex[] {
    return this.indexList
  }

  /** The BSON size of all documents, as stored. */
  get dataSize(): number {
    let bytes = 0
    for (const stored of this.documents.values()) bytes += stored.byteLength
    return bytes
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX_SPEC, ...this.indexes.map(index => index.spec)]
  }

  /** Every document, decoded (each at most once in its life: see StoredDocument). */
  * all(): Generator<Document> {
    for (const stored of this.documents.values()) yield stored.document
  }

  stored(): IterableIterator<StoredDocument> {
    return this.documents.values()
  }

  findById(id: unknown): Document | undefined {
    return this.documents.get(idKey(id))?.document
  }

  storedById(id: unknown): StoredDocument | undefined {
    return this.documents.get(idKey(id))
  }

  /**
   * Stores a document that arrived as BSON (an insert's document sequence) as it is, without
   * decoding it: its keys are built from the bytes (keysFromBytes), or else from its _id and indexed
   * fields read from them; wherever the driver put _id, decoding puts it first (StoredDocument).
   * `bytes` must have passed assertValidBson. A document this cannot read either way (no _id, or an
   * indexed value of a type left to the decoder) takes the decoding path. Throws E11000 if its _id or
   * a unique key is taken.
   */
  insertEncoded(bytes: Uint8Array): StoredDocument {
    const key = this.keysFromBytes(bytes)
    if (key !== undefined) return this.storeKeyed(bytes, key, this.keysOfBytes, bytes)
    const keyed = this.keyFields && readTopLevelFields(bytes, this.keyFields)
    if (!keyed || !('_id' in keyed)) return this.insert(BSON.deserialize(bytes))
    return this.store(bytes, keyed)
  }

  /**
   * The primary key of a document in BSON, and its index keys into keysOfBytes, built from its bytes
   * with no value decoded on the way (the common insert); undefined when they must come from the
   * values instead.
   */
  private keysFromBytes(bytes: Uint8Array): string | undefined {
    const slotsPerIndex = this.keySlots
    const located = slotsPerIndex && this.keyFields?.locate(bytes)
    if (!located || located.types[ID_SLOT] === ABSENT) return undefined
    const idType = located.types[ID_SLOT]!
    const idAt = located.offsets[ID_SLOT]!
    beginKey()
    if (!appendBsonValue(bytes, idType, idAt, 1)) return undefined
    const encodedId = finishKey()
    // An ObjectId's primary key is its encoding; other ids are read (ids of other types are rare).
    let key = encodedId
    if (idType !== BsonType.ObjectId) {
      const id = scalarAt(bytes, idType, idAt)
      if (id === NOT_READ) return undefined
      key = idKey(id, encodedId)
    }
    const keys = this.keysOfBytes
    for (let i = 0; i < keys.length; i++) {
      const indexKey = this.indexList[i]!.keyFromBytes(bytes, located, slotsPerIndex[i]!, encodedId)
      if (indexKey === undefined) return undefined
      if (indexKey === '') {
        keys[i] = NO_KEYS
        continue
      }
      const single = this.singleKeys[i]!
      single[0] = indexKey
      keys[i] = single
    }
    return key
  }

  /** Stores a new document; throws E11000 if its _id or a unique key is taken. */
  insert(document: Document): StoredDocument {
    const stored = withIdFirst(document)
    return this.store(serialize(stored), stored, stored)
  }

  /** Swaps a stored document for its new version (same _id); throws E11000 before changing anything. */
  replace(current: Document, next: Document): StoredDocument {
    const key = idKey(next._id)
    const keys = this.keysFor(next)
    this.assertUnique(next, key, keys)
    const currentKeys = this.keysFor(current)
    const stored = new StoredDocument(key, serialize(next), next)
    this.documents.set(stored)
    keys.forEach((nextKeys, position) => this.indexList[position]!.replace(currentKeys[position]!, nextKeys, stored))
    return stored
  }

  remove(document: Document): void {
    this.keysFor(document).forEach((indexKeys, position) => this.indexList[position]!.remove(indexKeys))
    this.documents.delete(idKey(document._id))
  }

  /** Recovery path: the log already passed every check once, so it is applied as written. */
  put(bytes: Uint8Array): void {
    const read = this.keyFields && readTopLevelFields(bytes, this.keyFields)
    const decoded = read ? undefined : BSON.deserialize(bytes)
    const keyed = read ?? decoded!
    const key = idKey(keyed._id)
    const current = this.documents.get(key)
    if (current) this.remove(current.view(this.keyFields))
    const stored = new StoredDocument(key, bytes, decoded)
    this.documents.set(stored)
    this.keysFor(keyed).forEach((keys, position) => this.indexList[position]!.add(stored, keys))
  }

  removeById(id: unknown): void {
    const current = this.documents.get(idKey(id))
    if (current) this.remove(current.view(this.keyFields))
  }

  /** Lets every index take the entries it held back (SecondaryIndex.applyPending). */
  applyPendingIndexEntries(): void {
    for (const index of this.indexList) index.applyPending()
  }

  /** Builds the index over existing documents; refuses (E11000) when they violate a unique spec. */
  createIndex(spec: IndexSpec): 'created' | 'exists' {
    if (spec.name === ID_INDEX_SPEC.name || JSON.stringify(spec.key) === '{"_id":1}') {
      if (spec.unique === false) throw new MongoCommandError('InvalidOptions', 'The field \'unique\' is not valid for an _id index specification')
      return 'exists'
    }
    const shown = (existing: IndexSpec) => `Requested index: ${EJSON.stringify(spec)}, existing index: ${EJSON.stringify(existing)}`
    const sameName = this.secondaryIndexes.get(spec.name)
    if (sameName) {
      const comparison = compareIndexDefinitions(spec, sameName.spec)
      if (comparison === 'identical') return 'exists'
      if (comparison === 'equivalent') throw new MongoCommandError('IndexOptionsConflict', `An equivalent index already exists with the same name but different options. ${shown(sameName.spec)}`)
      throw new MongoCommandError('IndexKeySpecsConflict', `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. ${shown(sameName.spec)}`)
    }
    // Under another name, even an identical index is refused: mongod allows one index per definition.
    const sameKey = this.indexes.find(index => compareIndexDefinitions(spec, index.spec) !== 'different')
    if (sameKey) {
      if (compareIndexDefinitions(spec, sameKey.spec) === 'identical') throw new MongoCommandError('IndexOptionsConflict', `Index already exists with a different name: ${sameKey.name}`)
      throw new MongoCommandError('IndexOptionsConflict', `An equivalent index already exists with a different name and options. ${shown(sameKey.spec)}`)
    }
    const index = new SecondaryIndex(spec)
    const fields = fieldsReadBy([index])
    for (const stored of this.documents.values()) {
      const keyed = stored.view(fields)
      const keys = index.keysFor(keyed)
      const duplicate = index.findDuplicate(keys, stored.key)
      if (duplicate) throw this.duplicateKeyError(spec, keyValueOf(index, keyed, duplicate.position))
      index.add(stored, keys)
    }
    this.secondaryIndexes.set(spec.name, index)
    this.indexesChanged()
    return 'created'
  }

  dropIndex(name: string): boolean {
    const dropped = this.secondaryIndexes.delete(name)
    this.indexesChanged()
    return dropped
  }

  private indexesChanged(): void {
    this.indexList = [...this.secondaryIndexes.values()]
    const fields = fieldsReadBy(this.indexList)
    this.keyFields = fields
    this.keysOfBytes = new Array<IndexKey[]>(this.indexList.length).fill(NO_KEYS)
    this.singleKeys = this.indexList.map(() => [''])
    const topLevelOnly = this.indexList.every(index => index.fields.every(field => field.path.length === 1))
    this.keySlots = fields && topLevelOnly
      ? this.indexList.map(index => index.fields.map(field => fields.names.indexOf(field.path[0]!)))
      : undefined
  }

  /** `keyed` has the document's _id and indexed fields: the document itself, or those fields read from `bytes`. */
  private store(bytes: Uint8Array, keyed: Document, decoded?: Document): StoredDocument {
    // Encoded once for the indexes, and for the primary key when it is an ObjectId's.
    const encodedId = encodeIndexValue(keyed._id)
    const key = idKey(keyed._id, encodedId)
    return this.storeKeyed(bytes, key, this.keysFor(keyed, encodedId), keyed, decoded)
  }

  /** Stores a document under keys already made; `keyed` gives its values (or its BSON, decoded then), for an E11000 message. */
  private storeKeyed(bytes: Uint8Array, key: string, keys: IndexedKeys, keyed: KeyedValues, decoded?: Document): StoredDocument {
    if (this.documents.has(key)) throw this.duplicateKeyError(ID_INDEX_SPEC, { _id: valuesOf(keyed)._id })
    this.assertUnique(keyed, key, keys)
    const stored = new StoredDocument(key, bytes, decoded)
    this.documents.set(stored)
    for (let i = 0; i < keys.length; i++) this.indexList[i]!.add(stored, keys[i]!)
    return stored
  }

  /** The _id is encoded once for all the indexes. */
  private keysFor(document: Document, encodedId = encodeIndexValue(document._id)): IndexedKeys {
    const keys: IndexedKeys = new Array(this.indexList.length)
    for (let i = 0; i < keys.length; i++) keys[i] = this.indexList[i]!.keysFor(document, encodedId)
    return keys
  }

  private assertUnique(keyed: KeyedValues, key: string, keys: IndexedKeys): void {
    for (let i = 0; i < keys.length; i++) {
      const index = this.indexList[i]!
      const duplicate = index.findDuplicate(keys[i]!, key)
      if (duplicate) throw this.duplicateKeyError(index.spec, keyValueOf(index, valuesOf(keyed), duplicate.position))
    }
  }

  private duplicateKeyError(spec: IndexSpec, keyValue: Document): MongoCommandError {
    const shown = Object.entries(keyValue).map(([field, value]) => `${field}: ${formatKeyValue(value)}`).join(', ')
    return new MongoCommandError('DuplicateKey', `E11000 duplicate key error collection: ${this.namespace} index: ${spec.name} dup key: { ${shown} }`, { keyPattern: spec.key, keyValue })
  }
}

/** The top-level fields a set of indexes reads (and _id), or undefined when one needs the whole document. */
function fieldsReadBy(indexes: readonly SecondaryIndex[]): FieldNames | undefined {
  if (indexes.some(index => index.spec.partialFilterExpression)) return undefined
  // _id first even without indexes (ID_SLOT); FieldNames keeps the first of each name.
  return new FieldNames(['_id', ...indexes.flatMap(index => keyFieldNamesOf(index.fields))])
}

function serialize(document: Document): Uint8Array {
  return BSON.serialize(document, { ignoreUndefined: false })
}

/** MongoDB puts _id first, generating an ObjectId when the client sent none. */
function withIdFirst(document: Document): Document {
  if (Array.isArray(document._id)) throw new MongoCommandError('BadValue', 'The \'_id\' value cannot be of type array')
  if (document._id instanceof RegExp) throw new MongoCommandError('BadValue', 'The \'_id\' value cannot be of type regex')
  for (const firstKey in document) {
    if (firstKey === '_id') return document
    break
  }
  const { _id, ...rest } = document
  return { _id: '_id' in document ? _id : new ObjectId(), ...rest }
}

/** The E11000 `keyValue`: the document's own values (not their index encoding, which folds -0 into 0). */
function keyValueOf(index: SecondaryIndex, document: Document, position: number): Document {
  const values = index.keyValuesAt(document, position)
  return Object.fromEntries(index.fields.map((field, i) => [field.name, values[i]]))
}

/** Renders a key value the way mongod's E11000 message does: strings in double quotes, ObjectId('…'). */
function formatKeyValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (value instanceof Date) return `new Date(${value.getTime()})`
  if (value instanceof ObjectId) return `ObjectId('${value.toHexString()}')`
  if (value === null || value === undefined) return 'null'
  return EJSON.stringify(value as never, { relaxed: true })
}
