import type { Document } from 'bson'
import { Query } from 'mingo'
import { MongoCommandError } from '../errors.ts'
import { MAX_VALUE, MIN_VALUE, compareValues } from './bson-order.ts'
import {
  appendBsonValue, appendEncoded, appendIndexField, beginKey, compareEncoded, compareRegion, encodeBoundField, encodeIndexValue, encodedFieldEnd, finishKey, isBelowEncoded, sharePrefix,
} from './index-key-encoding.ts'
import { keyFieldNamesOf, parseIndexFields, type IndexField, type IndexSpec } from './index-key-spec.ts'
import { isPlainObject, valuesAtPath } from './key-path.ts'
import { HashedEntries, hashChars } from './hashed-entries.ts'
import { OrderedTree } from './ordered-tree.ts'
import type { StoredDocument } from './stored-document.ts'
import { ABSENT, FieldNames, type FieldLocations } from './top-level-fields.ts'

/**
 * One index entry: the indexed values in key-pattern order, then the document's _id (keeps keys
 * unique). Encoded into one string (see index-key-encoding.ts) while every value of the index has an
 * encoding; as the values themselves once one has not.
 */
export type IndexKey = string | unknown[]
type ValueKey = unknown[]

/** How many new entries a non-unique index holds back at most: at this many it applies them (see applyPending), if nothing did sooner. */
export const MAX_PENDING_ENTRIES = 16_384

/** A range on one indexed field, in value order (not index order). */
export interface FieldInterval {
  low: unknown
  lowInclusive: boolean
  high: unknown
  highInclusive: boolean
}

export const UNBOUNDED: FieldInterval = { low: MIN_VALUE, lowInclusive: true, high: MAX_VALUE, highInclusive: true }

export function pointInterval(value: unknown): FieldInterval {
  return { low: value, lowInclusive: true, high: value, highInclusive: true }
}

export function isWithin(interval: FieldInterval, value: unknown): boolean {
  const fromLow = compareValues(value, interval.low)
  if (fromLow < 0 || (fromLow === 0 && !interval.lowInclusive)) return false
  const fromHigh = compareValues(value, interval.high)
  return fromHigh < 0 || (fromHigh === 0 && interval.highInclusive)
}

export interface ScanCounters {
  keysExamined: number
}

/** One field's interval over encoded keys, in tree order (a descending field's ends swap). */
interface EncodedInterval {
  field: number
  low: string
  lowInclusive: boolean
  high: string
  highInclusive: boolean
}

const ARRAY_ON_PATH = Symbol('array on path')

/** valuesAtPath's fast path without its allocations: the value, undefined when missing, or ARRAY_ON_PATH. */
function scalarAtPath(document: Document, path: readonly string[]): unknown {
  let current: unknown = document
  for (let depth = 0; depth < path.length && current !== undefined; depth++) {
    if (Array.isArray(current)) return ARRAY_ON_PATH
    current = isPlainObject(current) ? current[path[depth]!] : undefined
  }
  return Array.isArray(current) ? ARRAY_ON_PATH : current
}

/**
 * A secondary index: a B+ tree of (indexed values…, _id) → stored document, ordered by the key pattern's
 * directions, so an equality prefix plus a range or sort on the next field is one contiguous scan.
 *
 * A unique index on encoded keys (no partial filter) also keeps its documents by the hash of each
 * key's values (the key without its _id), which answers its duplicate checks and its equality
 * lookups, and builds the tree only once a scan needs order (a range, a sort, an equality on some
 * fields only). The app's unique index is on event ids, a hash: random keys, whose tree inserts miss
 * the cache at every level (~2 µs each at 300k entries, against ~0.2 for ascending ones), while no
 * page of the app reads them in order. The table keeps no key strings: an entry whose hash matches is
 * checked against the document's own values, read from its BSON.
 */
export class SecondaryIndex {
  readonly spec: IndexSpec
  readonly fields: IndexField[]
  /** Set once any document put several keys in this index (an array value); such an index cannot serve sorts. */
  multikey = false
  /** Whether keys are encoded strings; false for good once a value without an encoding is indexed. */
  private encodedKeys = true
  private tree
  private readonly partialFilter: Query | undefined
  /** A unique index's documents by the hash of each key's values, while its keys are encoded; see the class comment. */
  private uniqueValues: HashedEntries<StoredDocument> | undefined
  /** The top-level fields the keys are made of (and _id), to read them from a stored document's BSON. */
  private readonly keyFields: FieldNames
  /** valuesHash's last key and its hash. */
  private lastHashedKey: string | undefined
  private lastHash = 0
  /** Whether the tree holds every entry; until a scan needs it, a unique index keeps them in uniqueValues only. */
  private treeBuilt: boolean
  /**
   * A non-unique index's entries added since the tree last took them (parallel arrays): see
   * applyPending. New arrays for each run: arrays kept from run to run (old, and filled with new
   * keys and documents) cost the garbage collector's threads ~10 % more during a 500k load.
   */
  private pendingKeys: string[] = []
  private pendingDocuments: StoredDocument[] = []

  constructor(spec: IndexSpec) {
    this.spec = spec
    this.fields = parseIndexFields(spec.key)
    this.tree = new OrderedTree<IndexKey, StoredDocument>(compareEncoded as (a: IndexKey, b: IndexKey) => number, isBelowEncoded as (a: IndexKey, b: IndexKey) => boolean)
    this.partialFilter = spec.partialFilterExpression ? new Query(spec.partialFilterExpression) : undefined
    this.uniqueValues = spec.unique && !this.partialFilter ? new HashedEntries() : undefined
    this.keyFields = new FieldNames(keyFieldNamesOf(this.fields))
    this.treeBuilt = !this.uniqueValues
  }

  get name(): string {
    return this.spec.name
  }

  get size(): number {
    return this.treeBuilt ? this.tree.size + this.pendingKeys.length : this.uniqueValues!.size
  }

  /** Sparse and partial indexes omit documents, so a query may only use complete ones. */
  get isComplete(): boolean {
    return !this.spec.sparse && !this.partialFilter
  }

  /**
   * The keys a document contributes (none when sparse/partial leave it out); throws on parallel arrays.
   * `encodedId` is the document's _id encoded, computed once by the caller for all its indexes.
   */
  keysFor(document: Document, encodedId = encodeIndexValue(document._id)): IndexKey[] {
    if (this.partialFilter && !this.partialFilter.test(document)) return []
    if (this.encodedKeys && encodedId !== undefined) {
      const key = this.encodedScalarKey(document, encodedId)
      if (key !== undefined) return key === '' ? [] : [key]
    }
    const valueKeys = this.valueKeysFor(document)
    if (!this.encodedKeys) return valueKeys
    const encoded = valueKeys.map(key => this.encodeValueKey(key))
    if (encoded.every(key => key !== undefined)) return encoded
    this.switchToValueKeys()
    return valueKeys
  }

  /**
   * keysFor for a document still in BSON, its fields found by `located` at `slots` (one per index
   * field): the key made from the bytes, '' when a sparse index leaves the document out, or undefined
   * when keysFor must decide (a partial filter, value keys, a type without an encoding).
   */
  keyFromBytes(bytes: Uint8Array, located: FieldLocations, slots: readonly number[], encodedId: string): string | undefined {
    if (!this.encodedKeys || this.partialFilter) return undefined
    let missing = 0
    beginKey()
    for (let i = 0; i < slots.length; i++) {
      const type = located.types[slots[i]!]!
      if (type === ABSENT) missing++
      if (!appendBsonValue(bytes, type, located.offsets[slots[i]!]!, this.fields[i]!.direction)) return undefined
    }
    if (this.spec.sparse && missing === slots.length) return ''
    appendEncoded(encodedId)
    return finishKey()
  }

  /** The indexed values (without _id) of the document's key at `position` in what keysFor returned. */
  keyValuesAt(document: Document, position: number): unknown[] {
    return this.valueKeysFor(document)[position]!.slice(0, this.fields.length)
  }

  /**
   * The common case without allocating: no array on the paths and every value encodable. Returns ''
   * when a sparse index leaves the document out, undefined when the general path must decide.
   */
  private encodedScalarKey(document: Document, encodedId: string): string | undefined {
    let missing = 0
    beginKey()
    for (const field of this.fields) {
      const value = scalarAtPath(document, field.path)
      if (value === ARRAY_ON_PATH || !appendIndexField(value, field.direction)) return undefined
      if (value === undefined) missing++
    }
    if (this.spec.sparse && missing === this.fields.length) return ''
    appendEncoded(encodedId)
    return finishKey()
  }

  private encodeValueKey(key: ValueKey): string | undefined {
    beginKey()
    for (let i = 0; i < this.fields.length; i++) {
      if (!appendIndexField(key[i], this.fields[i]!.direction)) return undefined
    }
    if (!appendIndexField(key[this.fields.length], 1)) return undefined
    return finishKey()
  }

  /** The keys as values, MongoDB's way: one per element of the (single) array field. The partial filter is the caller's. */
  private valueKeysFor(document: Document): ValueKey[] {
    const perField = this.fields.map(field => valuesAtPath(document, field.path))
    if (this.spec.sparse && perField.every(found => found.missing)) return []
    const arrayFields = this.fields.filter((_, i) => perField[i]!.viaArray)
    if (arrayFields.length > 1) {
      throw new MongoCommandError('CannotIndexParallelArrays', `cannot index parallel arrays [${arrayFields[1]!.name}] [${arrayFields[0]!.name}]`)
    }
    if (arrayFields.length === 0) {
      const key: ValueKey = perField.map(found => found.values[0])
      key.push(document._id)
      return [key]
    }
    let keys: ValueKey[] = [[]]
    for (const found of perField) {
      const unique = dedupeValues(found.values)
      keys = unique.length === 1 ? keys.map(key => [...key, unique[0]]) : keys.flatMap(key => unique.map(value => [...key, value]))
    }
    return keys.map(key => [...key, document._id])
  }

  /** A value without an encoding arrived: rebuild the tree keyed by values, in the same order. */
  private switchToValueKeys(): void {
    this.buildTree()
    this.applyPending()
    this.uniqueValues = undefined
    const documents = new Set(this.tree.values())
    this.encodedKeys = false
    this.tree = new OrderedTree<IndexKey, StoredDocument>(keyComparator(this.fields.map(field => field.direction)))
    for (const stored of documents) {
      for (const key of this.valueKeysFor(stored.document)) this.tree.set(key, stored)
    }
  }

  add(stored: StoredDocument, keys: IndexKey[]): void {
    if (keys.length > 1) this.multikey = true
    const uniqueValues = this.uniqueValues
    if (uniqueValues) {
      for (const key of keys) uniqueValues.set(this.valuesHash(key as string), stored, this.holdsKeyValues, key as string)
    }
    if (!this.treeBuilt) return
    if (this.spec.unique || !this.encodedKeys) {
      for (const key of keys) this.tree.set(key, stored)
      return
    }
    for (const key of keys) {
      this.pendingKeys.push(key as string)
      this.pendingDocuments.push(stored)
    }
    if (this.pendingKeys.length >= MAX_PENDING_ENTRIES) this.applyPending()
  }

  /**
   * Puts the pending entries into the tree, in key order: on the index's next read or removal, at
   * MAX_PENDING_ENTRIES, and when the server has had no write for a moment (server.ts), so that a
   * read after a burst of inserts finds them applied. An insert into a large tree is bound by
   * memory latency: each visits nodes that lie anywhere in the heap (with random keys, or keys that
   * go to many places, like a timeline's creatorId_publishedAt), so the entries are held back and
   * applied in key order, where those landing in the same part of the tree follow each other and
   * find its nodes still in the cache. InnoDB's change buffer defers non-unique secondary index
   * changes for the same reason. Entries of equal key (a document replaced by a new version with the
   * same keys) are applied in the order they came, so the latest version is the one kept.
   */
  applyPending(): void {
    const keys = this.pendingKeys
    const count = keys.length
    if (count === 0) return
    const documents = this.pendingDocuments
    const order = new Array<number>(count)
    for (let i = 0; i < count; i++) order[i] = i
    order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[b]! < keys[a]! ? 1 : a - b))
    for (let i = 0; i < count; i++) this.tree.set(keys[order[i]!]!, documents[order[i]!]!)
    this.pendingKeys = []
    this.pendingDocuments = []
  }

  remove(keys: IndexKey[]): void {
    this.applyPending()
    const uniqueValues = this.uniqueValues
    if (uniqueValues) {
      for (const key of keys) {
        uniqueValues.delete(this.valuesHash(key as string), this.holdsKeyValues, key as string)
      }
    }
    if (this.treeBuilt) for (const key of keys) this.tree.delete(key)
  }

  /** A new version of a document: entries whose key did not change only point at the new version. */
  replace(currentKeys: IndexKey[], nextKeys: IndexKey[], next: StoredDocument): void {
    const unchanged = currentKeys.length === nextKeys.length
      && currentKeys.every((key, i) => this.tree.compare(key, nextKeys[i]!) === 0)
    if (unchanged) {
      this.add(next, nextKeys)
      return
    }
    this.remove(currentKeys)
    this.add(next, nextKeys)
  }

  /**
   * A document (other than the one whose primary key is `selfKey`) already holding one of these keys
   * in a unique index, and the position of that key among `keys`.
   */
  findDuplicate(keys: IndexKey[], selfKey: string): { existing: StoredDocument, position: number } | undefined {
    if (!this.spec.unique) return undefined
    for (let position = 0; position < keys.length; position++) {
      const existing = typeof keys[position] === 'string'
        ? this.encodedDuplicate(keys[position] as string, selfKey)
        : this.valueDuplicate(keys[position] as ValueKey, selfKey)
      if (existing) return { existing, position }
    }
    return undefined
  }

  /**
   * Entries with the key's values share its prefix before the encoded _id and are adjacent, ordered
   * by _id: any of them is next to where the key itself sorts, on one side or the other.
   */
  private encodedDuplicate(key: string, selfKey: string): StoredDocument | undefined {
    if (this.uniqueValues) {
      const existing = this.uniqueValues.get(this.valuesHash(key), this.holdsKeyValues, key)
      return existing && existing.key !== selfKey ? existing : undefined
    }
    const prefixLength = this.valuesLength(key)
    // One descent finds both sides; walking on past the document itself is the rare case (a replace).
    const [lower, atOrAbove] = this.tree.neighbours(key)
    for (let found = lower; found && sharePrefix(found[0] as string, key, prefixLength); found = this.tree.nextLowerPair(found[0])) {
      if (found[1].key !== selfKey) return found[1]
    }
    for (let found = atOrAbove; found && sharePrefix(found[0] as string, key, prefixLength); found = this.tree.nextHigherPair(found[0])) {
      if (found[1].key !== selfKey) return found[1]
    }
    return undefined
  }

  private valueDuplicate(key: ValueKey, selfKey: string): StoredDocument | undefined {
    const start = key.slice(0, this.fields.length)
    start.push(MIN_VALUE)
    // Entries with equal values are adjacent, ordered by _id: at most the first two need a look.
    let found = this.tree.getPairOrNextHigher(start)
    while (found && this.sameValues(found[0] as ValueKey, key)) {
      if (found[1].key !== selfKey) return found[1]
      found = this.tree.nextHigherPair(found[0])
    }
    return undefined
  }

  /**
   * Index entries whose fields fall in the given intervals (one per key field, value order), in index
   * order or reversed. Entries outside the intervals are skipped on the key alone, without decoding the document.
   */
  scan(intervals: FieldInterval[], reverse: boolean, counters: ScanCounters): Generator<StoredDocument> {
    this.applyPending()
    if (!this.treeBuilt) {
      const values = this.pointValues(intervals)
      if (values !== undefined) return this.scanPoint(values, counters)
      this.buildTree()
    }
    return this.encodedKeys ? this.scanEncoded(intervals, reverse, counters) : this.scanValues(intervals, reverse, counters)
  }

  /** The encoded values of an equality on every field (the part of a key before its _id), or undefined. */
  private pointValues(intervals: FieldInterval[]): string | undefined {
    beginKey()
    for (let i = 0; i < this.fields.length; i++) {
      const interval = intervals[i]
      if (!interval || !interval.lowInclusive || !interval.highInclusive || compareValues(interval.low, interval.high) !== 0) return undefined
      if (!appendIndexField(interval.low, this.fields[i]!.direction)) return undefined
    }
    return finishKey()
  }

  /** What a tree scan over the single key with these values finds, from the hash table. */
  private* scanPoint(values: string, counters: ScanCounters): Generator<StoredDocument> {
    const existing = this.uniqueValues!.get(hashChars(values, 0, values.length), this.holdsKeyValues, values)
    if (!existing) return
    counters.keysExamined++
    yield existing
  }

  /** Puts every entry into the tree, once: from then on both are kept. */
  private buildTree(): void {
    if (this.treeBuilt) return
    // A multikey document is in the table once per value, and puts all its keys in each time: set keeps one of each.
    for (const stored of this.uniqueValues!.values()) {
      for (const key of this.keysFor(stored.view(this.keyFields))) this.tree.set(key, stored)
    }
    this.treeBuilt = true
  }

  /**
   * Whether one of the stored document's keys has the values of `key` (a key, or values alone): what
   * tells apart entries of equal hash. A property made once, so that lookups in uniqueValues make no closure.
   */
  private readonly holdsKeyValues = (stored: StoredDocument, key: string): boolean => {
    const length = this.valuesLength(key)
    return this.keysFor(stored.view(this.keyFields)).some(held => this.valuesLength(held as string) === length && sharePrefix(held as string, key, length))
  }

  /**
   * The hash of an encoded key's values, without slicing them out. An insert asks twice for the same
   * key (its duplicate check, then its add), so the last one is remembered.
   */
  private valuesHash(key: string): number {
    if (key !== this.lastHashedKey) {
      this.lastHashedKey = key
      this.lastHash = hashChars(key, 0, this.valuesLength(key))
    }
    return this.lastHash
  }

  /** Where an encoded key's values end and its _id begins. */
  private valuesLength(key: string): number {
    let length = 0
    for (let i = 0; i < this.fields.length; i++) length = encodedFieldEnd(key, length)
    return length
  }

  /** The ends of the scan in tree order: each field's interval end (flipped for descending), then _id's extreme. */
  private treeEnds(intervals: FieldInterval[]): { start: unknown[], end: unknown[] } {
    const start: unknown[] = []
    const end: unknown[] = []
    this.fields.forEach((field, i) => {
      const interval = intervals[i] ?? UNBOUNDED
      const [first, last] = field.direction === 1 ? [interval.low, interval.high] : [interval.high, interval.low]
      start.push(first)
      end.push(last)
    })
    start.push(MIN_VALUE)
    end.push(MAX_VALUE)
    return { start, end }
  }

  private* scanValues(intervals: FieldInterval[], reverse: boolean, counters: ScanCounters): Generator<StoredDocument> {
    const width = this.fields.length
    const { start, end } = this.treeEnds(intervals)
    const compare = this.tree.compare
    const entries = reverse ? this.tree.entriesReversed(end) : this.tree.entries(start)
    const seen = this.multikey ? new Set<unknown>() : undefined
    for (const [key, document] of entries) {
      if (reverse ? compare(key, start) < 0 : compare(key, end) > 0) return
      counters.keysExamined++
      let inside = true
      for (let i = 0; i < width && inside; i++) {
        const interval = intervals[i]
        if (interval && interval !== UNBOUNDED) inside = isWithin(interval, (key as ValueKey)[i])
      }
      if (!inside) continue
      if (seen) {
        if (seen.has(document)) continue
        seen.add(document)
      }
      yield document
    }
  }

  /** The same walk over encoded keys: the same entries examined, compared as strings. */
  private* scanEncoded(intervals: FieldInterval[], reverse: boolean, counters: ScanCounters): Generator<StoredDocument> {
    const ends = this.treeEnds(intervals)
    const encodeEnd = (values: unknown[]) => values.map((value, i) => encodeBoundField(value, this.fields[i]?.direction ?? 1)).join('')
    const start = encodeEnd(ends.start)
    const end = encodeEnd(ends.end)
    const checks: EncodedInterval[] = []
    this.fields.forEach((field, i) => {
      const interval = intervals[i]
      if (!interval || interval === UNBOUNDED) return
      const ascending = field.direction === 1
      checks.push({
        field: i,
        low: encodeBoundField(ascending ? interval.low : interval.high, field.direction),
        lowInclusive: ascending ? interval.lowInclusive : interval.highInclusive,
        high: encodeBoundField(ascending ? interval.high : interval.low, field.direction),
        highInclusive: ascending ? interval.highInclusive : interval.lowInclusive,
      })
    })
    const entries = reverse ? this.tree.entriesReversed(end) : this.tree.entries(start)
    const seen = this.multikey ? new Set<unknown>() : undefined
    for (const [entryKey, document] of entries) {
      const key = entryKey as string
      if (reverse ? key < start : key > end) return
      counters.keysExamined++
      if (checks.length > 0 && !withinEncoded(key, checks)) continue
      if (seen) {
        if (seen.has(document)) continue
        seen.add(document)
      }
      yield document
    }
  }

  private sameValues(a: ValueKey, b: ValueKey): boolean {
    for (let i = 0; i < this.fields.length; i++) {
      if (compareValues(a[i], b[i]) !== 0) return false
    }
    return true
  }
}

/** Whether each checked field of an encoded key lies in its interval (tree order, ends as given). */
function withinEncoded(key: string, checks: EncodedInterval[]): boolean {
  let field = 0
  let offset = 0
  for (const check of checks) {
    for (; field < check.field; field++) offset = encodedFieldEnd(key, offset)
    const end = encodedFieldEnd(key, offset)
    const fromLow = compareRegion(key, offset, end, check.low)
    if (fromLow < 0 || (fromLow === 0 && !check.lowInclusive)) return false
    const fromHigh = compareRegion(key, offset, end, check.high)
    if (fromHigh > 0 || (fromHigh === 0 && !check.highInclusive)) return false
  }
  return true
}

/** Orders value keys field by field (flipped for descending fields), then by _id. */
function keyComparator(directions: Array<1 | -1>): (a: IndexKey, b: IndexKey) => number {
  const width = directions.length
  return (a, b) => {
    const x = a as ValueKey
    const y = b as ValueKey
    for (let i = 0; i < width; i++) {
      const order = compareValues(x[i], y[i])
      if (order !== 0) return order * directions[i]!
    }
    return compareValues(x[width], y[width])
  }
}

function dedupeValues(values: unknown[]): unknown[] {
  if (values.length < 2) return values
  const unique: unknown[] = []
  for (const value of values) {
    if (!unique.some(existing => compareValues(existing, value) === 0)) unique.push(value)
  }
  return unique
}
