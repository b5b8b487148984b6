import type { Document } from 'bson'
import { TypeEdge, compareValues, typeRank } from './bson-order.ts'
import { isPlainObject } from './key-path.ts'

export interface Bound {
  value: unknown
  inclusive: boolean
}

/** What a filter pins down about one field, as far as an index can use it. */
export interface FieldBounds {
  /** Equality or $in values: the field must equal one of them. */
  points?: unknown[]
  low?: Bound
  high?: Bound
}

function isRegExp(value: unknown): boolean {
  return value instanceof RegExp || (value as { _bsontype?: string } | null)?._bsontype === 'BSONRegExp'
}

/** Values an index key can be compared with directly; arrays and regexes have matching rules of their own. */
function isIndexableValue(value: unknown): boolean {
  return !Array.isArray(value) && !isRegExp(value)
}

function tighter(a: Bound | undefined, b: Bound, side: 1 | -1): Bound {
  if (!a) return b
  const order = compareValues(b.value, a.value) * side
  if (order !== 0) return order > 0 ? b : a
  return a.inclusive ? b : a
}

function addOperatorBounds(bounds: FieldBounds, operators: Document): void {
  for (const [operator, operand] of Object.entries(operators)) {
    if (!isIndexableValue(operand) && operator !== '$in') continue
    switch (operator) {
      case '$eq':
        bounds.points = [operand]
        break
      case '$in':
        if (Array.isArray(operand) && operand.length > 0 && operand.every(isIndexableValue)) bounds.points ??= operand
        break
      // Ranges stay inside the operand's type bracket ({$lt: date} matches dates only), as in MongoDB.
      case '$gt':
      case '$gte':
        bounds.low = tighter(bounds.low, { value: operand, inclusive: operator === '$gte' }, 1)
        bounds.high ??= { value: new TypeEdge(typeRank(operand), 1), inclusive: true }
        break
      case '$lt':
      case '$lte':
        bounds.high = tighter(bounds.high, { value: operand, inclusive: operator === '$lte' }, -1)
        bounds.low ??= { value: new TypeEdge(typeRank(operand), -1), inclusive: true }
        break
      default:
        break
    }
  }
}

function collect(filter: Document, into: Map<string, FieldBounds>): void {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) collect(clause, into)
      continue
    }
    if (field.startsWith('$')) continue
    const bounds = into.get(field) ?? {}
    if (isPlainObject(condition) && Object.keys(condition).some(key => key.startsWith('$'))) {
      addOperatorBounds(bounds, condition)
    }
    else if (isIndexableValue(condition)) {
      bounds.points = [condition]
    }
    if (bounds.points || bounds.low || bounds.high) into.set(field, bounds)
  }
}

/**
 * Per-field bounds implied by a filter's top-level conjunction. They only narrow what is read: every
 * candidate is still tested against the whole filter, so they may be looser than the filter, never tighter.
 */
export function boundsOfFilter(filter: Document): Map<string, FieldBounds> {
  const bounds = new Map<string, FieldBounds>()
  collect(filter, bounds)
  return bounds
}
