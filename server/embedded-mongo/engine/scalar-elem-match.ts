import type { Document } from 'bson'
import { Query } from 'mingo'
import { isPlainObject } from './key-path.ts'

/** A `field: {$elemMatch: {$op: …}}` projection: an operator-only condition on the elements themselves. */
export interface ScalarElemMatch {
  field: string
  matches: (element: unknown) => boolean
}

function isOperatorOnly(condition: unknown): condition is Document {
  return isPlainObject(condition) && Object.keys(condition).length > 0 && Object.keys(condition).every(key => key.startsWith('$'))
}

/**
 * mingo's $elemMatch projection takes document conditions only and refuses `{$elemMatch: {$gt: 5}}`,
 * which mongod applies to arrays of scalars. Such fields are taken out of the projection (included
 * as a whole instead) and narrowed afterwards by `narrowToFirstMatch`.
 */
export function takeScalarElemMatches(projection: Document): { projection: Document, elemMatches: ScalarElemMatch[] } {
  const elemMatches: ScalarElemMatch[] = []
  const rest: Document = {}
  for (const [field, value] of Object.entries(projection)) {
    const condition = isPlainObject(value) ? value.$elemMatch : undefined
    if (!isOperatorOnly(condition)) {
      rest[field] = value
      continue
    }
    const query = new Query({ element: condition })
    elemMatches.push({ field, matches: element => query.test({ element }) })
    rest[field] = 1
  }
  return { projection: rest, elemMatches }
}

/** Keeps only the first matching element of each such field, dropping the field when none matches (as mongod). */
export function narrowToFirstMatch(documents: Document[], elemMatches: ScalarElemMatch[]): Document[] {
  if (elemMatches.length === 0) return documents
  for (const document of documents) {
    for (const { field, matches } of elemMatches) {
      const values: unknown = document[field]
      const first = Array.isArray(values) ? values.find(matches) : undefined
      if (first === undefined) Reflect.deleteProperty(document, field)
      else document[field] = [first]
    }
  }
  return documents
}
