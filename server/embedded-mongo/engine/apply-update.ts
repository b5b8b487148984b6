import { ObjectId, type Document } from 'bson'
import { Aggregator, update as applyModifier } from 'mingo'
import { MongoCommandError, asCommandError } from '../errors.ts'
import { compareValues } from './bson-order.ts'
import { cloneDocument } from './document-copy.ts'
import { isPlainObject, setValueAt, splitPath } from './key-path.ts'
import { assertUpdateApplicable } from './update-preconditions.ts'

const UPDATE_OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$rename', '$min', '$max', '$currentDate',
  '$push', '$addToSet', '$pop', '$pull', '$pullAll', '$bit', '$setOnInsert',
])

export type UpdateSpec = Document | Document[]

export interface UpdateOptions {
  filter: Document
  arrayFilters?: Document[]
}

export function isReplacement(update: UpdateSpec): update is Document {
  return !Array.isArray(update) && !Object.keys(update).some(key => key.startsWith('$'))
}

export function validateUpdate(update: unknown): asserts update is UpdateSpec {
  if (Array.isArray(update)) {
    if (!update.every(isPlainObject)) throw new MongoCommandError('FailedToParse', 'Each element of the update pipeline must be an object')
    return
  }
  if (!isPlainObject(update)) throw new MongoCommandError('FailedToParse', 'Update argument must be either an object or an array')
  const operators = Object.keys(update).filter(key => key.startsWith('$'))
  if (operators.length === 0) return
  if (operators.length !== Object.keys(update).length) {
    throw new MongoCommandError('FailedToParse', 'Update document must contain either only update operators or no operators at all')
  }
  for (const operator of operators) {
    if (!UPDATE_OPERATORS.has(operator)) {
      throw new MongoCommandError('FailedToParse', `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update specified as an array`)
    }
    if (!isPlainObject(update[operator])) {
      throw new MongoCommandError('FailedToParse', `Modifiers operate on fields but we found type ${typeof update[operator]} instead. For example: {$mod: {<field>: ...}} not {${operator}: ${String(update[operator])}}`)
    }
  }
}

function assertIdUnchanged(before: Document, after: Document): void {
  const unchanged = '_id' in after && compareValues(before._id, after._id) === 0
    && typeof before._id === typeof after._id
  if (!unchanged) throw immutableIdError()
}

function immutableIdError(): MongoCommandError {
  return new MongoCommandError('ImmutableField', 'Performing an update on the path \'_id\' would modify the immutable field \'_id\'')
}

/**
 * The new version of a stored document, or undefined when the update changes nothing. The stored
 * document is never touched: mingo mutates in place, so it works on a copy.
 */
export function applyUpdate(current: Document, update: UpdateSpec, options: UpdateOptions, inserting = false): Document | undefined {
  let next: Document
  try {
    if (Array.isArray(update)) {
      next = new Aggregator(update).run([cloneDocument(current)])[0] as Document
    }
    else if (isReplacement(update)) {
      next = { _id: current._id, ...cloneDocument(update) }
    }
    else {
      const { $setOnInsert, ...modifier } = update as Document
      const effective = inserting && $setOnInsert ? { ...modifier, $set: { ...(modifier.$set as Document | undefined), ...($setOnInsert as Document) } } : modifier
      next = cloneDocument(current)
      if (Object.keys(effective).length === 0) return inserting ? next : undefined
      assertUpdateApplicable(next, effective)
      // mingo applies a modifier only to a document matching its condition: an upsert's new document
      // need not match a range or $in of the filter, so it gets no condition.
      const changed = applyModifier(next, effective, options.arrayFilters, inserting ? {} : options.filter)
      if (changed.length === 0 && !inserting) return undefined
    }
  }
  catch (error) {
    // mingo refuses `$set: {_id: …}` itself; mongod calls that ImmutableField.
    if (error instanceof Error && /immutable field '_id'/.test(error.message)) throw immutableIdError()
    // `{$set: {a: 1, 'a.b': 2}}` or one path under two operators: mingo finds it, mongod names it.
    if (error instanceof Error && /would create a conflict at/.test(error.message)) {
      throw new MongoCommandError('ConflictingUpdateOperators', error.message.replace(/^updating/, 'Updating'))
    }
    throw asCommandError(error)
  }
  assertIdUnchanged(current, next)
  return next
}

/** Equality fields of an upsert's filter seed the new document, as in MongoDB. */
function seedFromFilter(filter: Document, seed: Document): void {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) seedFromFilter(clause, seed)
      continue
    }
    if (field.startsWith('$')) continue
    if (isPlainObject(condition) && Object.keys(condition).some(key => key.startsWith('$'))) {
      if ('$eq' in condition) setValueAt(seed, splitPath(field), cloneDocument(condition.$eq))
      continue
    }
    setValueAt(seed, splitPath(field), cloneDocument(condition))
  }
}

/** The document an upsert inserts when nothing matched its filter. */
export function buildUpsertDocument(update: UpdateSpec, options: UpdateOptions): Document {
  const seed: Document = {}
  if (isReplacement(update)) {
    seedFromFilter(options.filter, seed)
    const replacement = cloneDocument(update)
    const id = '_id' in replacement ? replacement._id : ('_id' in seed ? seed._id : new ObjectId())
    return { ...replacement, _id: id }
  }
  seedFromFilter(options.filter, seed)
  if (!('_id' in seed)) seed._id = new ObjectId()
  const base = { _id: seed._id, ...seed }
  return applyUpdate(base, update, options, true) ?? base
}
