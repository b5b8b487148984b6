import type { Document } from 'bson'
import { Context } from 'mingo'
import { Lazy, type Iterator } from 'mingo/lazy'
import { isPlainObject } from './key-path.ts'
import { parseSort, sortDocuments } from './sort-order.ts'

/**
 * mingo's own $sort orders mixed types (ObjectId last) and Decimal128 differently from mongod, and
 * mingo will not let a context replace a built-in operator. So pipelines get their $sort stages
 * renamed to this stage, which sorts in the server's BSON order, as find does.
 */
const BSON_SORT = '$embeddedBsonSort'

function sortInBsonOrder(collection: Iterator, specification: unknown): Iterator {
  return collection.transform(documents => Lazy(sortDocuments(documents as Document[], parseSort(specification))))
}

// mingo types a pipeline operator as the intersection of every built-in stage's signature.
export const bsonSortContext = Context.init({ pipeline: { [BSON_SORT]: sortInBsonOrder as never } })

export function withBsonSort(pipeline: Document[]): Document[] {
  return pipeline.map((stage) => {
    if ('$sort' in stage) return { [BSON_SORT]: stage.$sort }
    if (isPlainObject(stage.$facet)) {
      return { $facet: Object.fromEntries(Object.entries(stage.$facet).map(([name, sub]) => [name, Array.isArray(sub) ? withBsonSort(sub) : sub])) }
    }
    if (isPlainObject(stage.$lookup) && Array.isArray(stage.$lookup.pipeline)) {
      return { $lookup: { ...stage.$lookup, pipeline: withBsonSort(stage.$lookup.pipeline) } }
    }
    return stage
  })
}
