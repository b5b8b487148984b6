import type { Document } from 'bson'
import type { Change } from '../storage/change.ts'
import type { Catalog } from './catalog.ts'
import { valuesAtPath } from './key-path.ts'

/**
 * One pass of the TTL monitor, as mongod runs every 60 s: removes documents whose date in a TTL
 * index's field (the earliest, for arrays) is older than expireAfterSeconds. Returns the changes to log.
 */
export function expireDocuments(catalog: Catalog, now = new Date()): Change[] {
  const changes: Change[] = []
  for (const database of catalog.databaseNames()) {
    for (const collection of catalog.collections(database)) {
      for (const index of collection.indexes) {
        const seconds = index.spec.expireAfterSeconds
        if (seconds === undefined || index.fields.length !== 1) continue
        const cutoff = now.getTime() - seconds * 1000
        const expired: Document[] = []
        for (const document of collection.all()) {
          const dates = valuesAtPath(document, index.fields[0]!.path).values.filter((value): value is Date => value instanceof Date)
          if (dates.length > 0 && Math.min(...dates.map(date => date.getTime())) <= cutoff) expired.push(document)
        }
        if (expired.length === 0) continue
        for (const document of expired) collection.remove(document)
        changes.push({ op: 'delete', db: database, coll: collection.name, ids: expired.map(document => document._id) })
      }
    }
  }
  return changes
}
