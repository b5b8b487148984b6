import type { Document } from 'bson'

/**
 * Stored documents are frozen and never changed in place: an update builds a new document. So a
 * reference handed to a cursor is a stable snapshot, and a bug that tries to mutate one fails loudly.
 * BSON class instances (ObjectId, Binary, …) and Dates are left alone: ObjectId caches its hex string.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value
  if (Array.isArray(value)) {
    for (const element of value) deepFreeze(element)
    return Object.freeze(value)
  }
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) return value
  for (const key in value) deepFreeze((value as Document)[key])
  return Object.freeze(value)
}

/** A mutable copy of plain objects and arrays; Dates copied, other BSON values (immutable by use) shared. */
export function cloneDocument<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(cloneDocument) as T
  if (value instanceof Date) return new Date(value.getTime()) as T
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) return value
  const copy: Document = {}
  for (const key in value) copy[key] = cloneDocument((value as Document)[key])
  return copy as T
}
