import type { Document } from 'bson'
import { MongoCommandError } from '../errors.ts'
import { isPlainObject } from '../engine/key-path.ts'

function wrongType(command: string, field: string, value: unknown, expected: string): MongoCommandError {
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
  return new MongoCommandError('TypeMismatch', `BSON field '${command}.${field}' is the wrong type '${actual}', expected type '${expected}'`)
}

export function commandName(command: Document): string {
  return Object.keys(command)[0] ?? ''
}

/** The collection a command targets: the value of its first field. */
export function targetCollection(command: Document): string {
  const name = commandName(command)
  const value = command[name]
  if (typeof value !== 'string' || value.length === 0) {
    throw new MongoCommandError('InvalidNamespace', `collection name has invalid type ${value === null ? 'null' : typeof value}`)
  }
  return value
}

export function optionalDocument(command: Document, field: string): Document | undefined {
  const value = command[field]
  if (value === undefined || value === null) return undefined
  if (!isPlainObject(value)) throw wrongType(commandName(command), field, value, 'object')
  return value
}

export function optionalArray(command: Document, field: string): Document[] | undefined {
  const value = command[field]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) throw wrongType(commandName(command), field, value, 'array')
  return value
}

export function optionalNumber(command: Document, field: string, { min = -Infinity } = {}): number | undefined {
  const value = command[field]
  if (value === undefined || value === null) return undefined
  const number = typeof value === 'number' ? value : (value as { _bsontype?: string })?._bsontype === 'Long' ? Number(value) : Number.NaN
  if (Number.isNaN(number)) throw wrongType(commandName(command), field, value, 'number')
  if (number < min) throw new MongoCommandError('BadValue', `${field} must be >= ${min}, got ${number}`)
  return Math.trunc(number)
}

export function optionalBoolean(command: Document, field: string): boolean | undefined {
  const value = command[field]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') {
    if (typeof value === 'number') return value !== 0
    throw wrongType(commandName(command), field, value, 'bool')
  }
  return value
}
