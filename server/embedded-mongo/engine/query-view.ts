import type { Document } from 'bson'
import { isPlainObject } from './key-path.ts'
import type { SortField } from './sort-order.ts'
import { FieldNames } from './top-level-fields.ts'

/** Filter operators that only combine other filters; any other top-level operator ($expr, $where, $text…) may read any field. */
const COMBINATORS = new Set(['$and', '$or', '$nor'])

/**
 * The top-level fields a filter and a sort read, or undefined when the filter may read any. A field's
 * whole value is read, so conditions inside it (dotted paths, $elemMatch) see all they need.
 */
export function fieldsQueried(filter: Document, sort: SortField[]): FieldNames | undefined {
  const names = new Set<string>()
  const collect = (clause: unknown): boolean => {
    if (!isPlainObject(clause)) return false
    for (const [key, value] of Object.entries(clause)) {
      if (!key.startsWith('$')) names.add(key.split('.')[0]!)
      else if (key !== '$comment' && !(COMBINATORS.has(key) && Array.isArray(value) && value.every(collect))) return false
    }
    return true
  }
  if (!collect(filter)) return undefined
  for (const field of sort) names.add(field.path[0]!)
  return new FieldNames(names)
}
