import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection, type Document, type Filter, type FindOptions, type WithId } from 'mongodb'

const DUPLICATE_KEY = 11000

/**
 * Runs a bulk write in which new documents are plain inserts (far cheaper than upserts). An insert
 * that loses a race against another writer of the same document fails on the unique key; the
 * document is then there, which is all an idempotent write wanted. Returns how many documents the
 * updates and replacements matched.
 */
export async function bulkWriteToleratingRaces<T extends Document>(collection: Collection<T>, operations: AnyBulkWriteOperation<T>[]): Promise<{ matchedCount: number }> {
  if (operations.length === 0) return { matchedCount: 0 }
  try {
    return { matchedCount: (await collection.bulkWrite(operations, { ordered: false })).matchedCount }
  }
  catch (error) {
    const onlyDuplicates = error instanceof MongoBulkWriteError
      && error.writeErrors !== undefined
      && (Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors]).every(writeError => writeError.code === DUPLICATE_KEY)
    if (!onlyDuplicates) throw error
    return { matchedCount: error.result.matchedCount }
  }
}

/** The embedded engine walks an index for at most 200 `$in` values; larger lists are read in slices. */
const IN_SLICE = 200

/** `find({ [field]: { $in: values } })` in slices that an index can answer on every engine. */
export async function findByValues<T extends Document, V>(collection: Collection<T>, field: string, values: V[], options: FindOptions = {}): Promise<Array<WithId<T>>> {
  const slices: V[][] = []
  for (let start = 0; start < values.length; start += IN_SLICE) slices.push(values.slice(start, start + IN_SLICE))
  const found = await Promise.all(slices.map(slice => collection.find({ [field]: { $in: slice } } as Filter<T>, options).toArray()))
  return found.flat()
}
