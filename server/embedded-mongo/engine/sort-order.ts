import type { Document } from 'bson'
import { badValue } from '../errors.ts'
import { compareValues } from './bson-order.ts'
import { splitPath, valuesAtPath } from './key-path.ts'

export interface SortField {
  name: string
  path: string[]
  direction: 1 | -1
}

export function parseSort(sort: unknown): SortField[] {
  if (sort === undefined || sort === null) return []
  if (typeof sort !== 'object' || Array.isArray(sort)) throw badValue('sort must be an object')
  return Object.entries(sort as Document).flatMap(([name, direction]) => {
    if (name === '$natural') return []
    if (direction !== 1 && direction !== -1) {
      throw badValue(`$sort key ordering must be 1 (for ascending) or -1 (for descending), got ${JSON.stringify(direction)} for '${name}'`)
    }
    return [{ name, path: splitPath(name), direction }]
  })
}

/**
 * MongoDB sorts by the smallest array element ascending and the largest descending; a missing field
 * sorts as null.
 */
function sortKey(document: Document, field: SortField): unknown {
  const { values } = valuesAtPath(document, field.path)
  let chosen = values[0]
  for (let i = 1; i < values.length; i++) {
    if (compareValues(values[i], chosen) * field.direction < 0) chosen = values[i]
  }
  return chosen
}

/**
 * Sorts (or selects the first `keep`) documents, or items that hold one (`documentOf`); keys are
 * computed once per document, not per comparison.
 */
export function sortDocuments<T = Document>(items: Iterable<T>, fields: SortField[], keep = Infinity, documentOf: (item: T) => Document = item => item as Document): T[] {
  const decorated: Array<{ keys: unknown[], item: T }> = []
  const compare = (a: { keys: unknown[] }, b: { keys: unknown[] }) => {
    for (let i = 0; i < fields.length; i++) {
      const order = compareValues(a.keys[i], b.keys[i]) * fields[i]!.direction
      if (order !== 0) return order
    }
    return 0
  }
  const bounded = keep < 1000
  for (const item of items) {
    const document = documentOf(item)
    const entry = { keys: fields.map(field => sortKey(document, field)), item }
    if (!bounded) {
      decorated.push(entry)
      continue
    }
    // Top-k selection: keep a sorted window of `keep` entries instead of sorting everything.
    if (decorated.length === keep && compare(entry, decorated[keep - 1]!) >= 0) continue
    let low = 0
    let high = decorated.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (compare(decorated[middle]!, entry) <= 0) low = middle + 1
      else high = middle
    }
    decorated.splice(low, 0, entry)
    if (decorated.length > keep) decorated.pop()
  }
  if (!bounded) decorated.sort(compare)
  return decorated.slice(0, keep).map(entry => entry.item)
}
