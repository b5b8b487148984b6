import { EJSON, type Document } from 'bson'
import { MongoCommandError } from '../errors.ts'
import { isPlainObject, splitPath } from './key-path.ts'

/** Operators that create their path when it is missing (so a scalar on the way is an error). */
const CREATING_OPERATORS = new Set(['$set', '$inc', '$mul', '$min', '$max', '$currentDate', '$push', '$addToSet'])
const NUMERIC_OPERATORS = new Set(['$inc', '$mul'])
const ARRAY_OPERATORS = new Set(['$push', '$addToSet', '$pull', '$pullAll', '$pop'])
const NUMERIC_BSON_TYPES = new Set(['Int32', 'Long', 'Double', 'Decimal128'])

function isNumeric(value: unknown): boolean {
  return typeof value === 'number' || NUMERIC_BSON_TYPES.has((value as { _bsontype?: string } | null)?._bsontype ?? '')
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (value instanceof Date) return 'date'
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'object') return ((value as { _bsontype?: string })._bsontype ?? 'object').toLowerCase()
  return typeof value
}

function shown(value: unknown): string {
  return EJSON.stringify(value as Document, { relaxed: true })
}

/** Where a path leads in a document, or why it cannot be followed to its end. */
type Reached = { kind: 'value', value: unknown } | { kind: 'missing' } | { kind: 'blocked', at: string, element: unknown, part: string } | { kind: 'unknown' }

function follow(document: Document, path: string[]): Reached {
  let current: unknown = document
  for (let depth = 0; depth < path.length; depth++) {
    const part = path[depth]!
    if (Array.isArray(current)) {
      // Array elements by position are followed; anything else (implicit traversal) is left to mingo.
      if (!/^\d+$/.test(part)) return { kind: 'unknown' }
      current = current[Number(part)]
    }
    else if (isPlainObject(current)) {
      current = current[part]
    }
    else {
      return { kind: 'blocked', at: path.slice(0, depth).join('.'), element: current, part }
    }
    if (current === undefined) return { kind: 'missing' }
  }
  return { kind: 'value', value: current }
}

/**
 * mingo skips an operator whose target has the wrong type (and reports nothing changed); mongod
 * refuses the whole update. These are mongod's checks, run on the document before mingo applies it.
 */
export function assertUpdateApplicable(document: Document, modifier: Document): void {
  for (const [operator, fields] of Object.entries(modifier)) {
    if (!isPlainObject(fields)) continue
    for (const [field, argument] of Object.entries(fields)) {
      if (field.includes('$')) continue
      if (NUMERIC_OPERATORS.has(operator) && !isNumeric(argument)) {
        const verb = operator === '$inc' ? 'increment' : 'multiply'
        throw new MongoCommandError('TypeMismatch', `Cannot ${verb} with non-numeric argument: {${field}: ${shown(argument)}}`)
      }
      const reached = follow(document, splitPath(field))
      if (reached.kind === 'blocked' && CREATING_OPERATORS.has(operator)) {
        throw new MongoCommandError('PathNotViable', `Cannot create field '${reached.part}' in element {${reached.at}: ${shown(reached.element)}}`)
      }
      if (reached.kind !== 'value') continue
      const { value } = reached
      if (NUMERIC_OPERATORS.has(operator) && !isNumeric(value)) {
        throw new MongoCommandError('TypeMismatch', `Cannot apply ${operator} to a value of non-numeric type. {_id: ${shown(document._id)}} has the field '${field}' of non-numeric type ${typeName(value)}`)
      }
      if (ARRAY_OPERATORS.has(operator) && !Array.isArray(value)) {
        if (operator === '$pop') throw new MongoCommandError('TypeMismatch', `Path '${field}' contains an element of non-array type '${typeName(value)}'`)
        if (operator === '$pull' || operator === '$pullAll') throw new MongoCommandError('BadValue', `Cannot apply ${operator} to a non-array value`)
        throw new MongoCommandError('BadValue', `The field '${field}' must be an array but is of type ${typeName(value)} in document {_id: ${shown(document._id)}}`)
      }
    }
  }
}
