import type { Document } from 'bson'

export interface PathValues {
  values: unknown[]
  /** True when an array was crossed or expanded: the index holding these keys becomes multikey. */
  viaArray: boolean
  /** True when the path reaches nothing at all (a sparse index leaves such documents out). */
  missing: boolean
}

function isPlainObject(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)
}

/**
 * Every value a dotted path reaches in a document, the way MongoDB indexes it: arrays on the way are
 * traversed element by element, an array at the end contributes each element, a missing field is null.
 */
export function valuesAtPath(document: Document, path: readonly string[]): PathValues {
  // Fast path: no array on the way (the common case) needs no traversal machinery.
  let current: unknown = document
  for (let depth = 0; depth < path.length && current !== undefined; depth++) {
    if (Array.isArray(current)) return valuesThroughArrays(document, path)
    current = isPlainObject(current) ? current[path[depth]!] : undefined
  }
  if (Array.isArray(current)) return valuesThroughArrays(document, path)
  return { values: [current === undefined ? null : current], viaArray: false, missing: current === undefined }
}

function valuesThroughArrays(document: Document, path: readonly string[]): PathValues {
  const values: unknown[] = []
  let viaArray = false
  const visit = (current: unknown, depth: number): void => {
    if (depth === path.length) {
      if (Array.isArray(current)) {
        viaArray = true
        if (current.length === 0) values.push(undefined)
        else values.push(...current)
      }
      else {
        values.push(current)
      }
      return
    }
    const part = path[depth]!
    if (Array.isArray(current)) {
      viaArray = true
      const position = /^\d+$/.test(part) ? Number(part) : -1
      if (position >= 0 && position < current.length) visit(current[position], depth + 1)
      for (const element of current) {
        if (isPlainObject(element)) visit(element[part], depth + 1)
      }
      return
    }
    if (isPlainObject(current)) visit(current[part], depth + 1)
    else visit(undefined, path.length)
  }
  visit(document, 0)
  const missing = values.every(value => value === undefined)
  if (values.length === 0) values.push(null)
  return { values: values.map(value => value === undefined ? null : value), viaArray, missing }
}

/** The single value at a path without array traversal (for upsert seeds and _id). */
export function valueAt(document: Document, path: readonly string[]): unknown {
  let current: unknown = document
  for (const part of path) {
    if (!isPlainObject(current)) return undefined
    current = current[part]
  }
  return current
}

export function setValueAt(document: Document, path: readonly string[], value: unknown): void {
  let current = document
  for (const part of path.slice(0, -1)) {
    if (!isPlainObject(current[part])) current[part] = {}
    current = current[part] as Document
  }
  current[path[path.length - 1]!] = value
}

export function splitPath(path: string): string[] {
  return path.split('.')
}

export { isPlainObject }
