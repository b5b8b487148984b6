import type { Document } from 'bson'
import { Query } from 'mingo'
import { asCommandError } from '../errors.ts'
import type { Collection } from './collection.ts'
import { boundsOfFilter } from './filter-bounds.ts'
import { choosePlan, type Plan } from './query-plan.ts'
import { sortDocuments, type SortField } from './sort-order.ts'
import type { StoredDocument } from './stored-document.ts'
import { fieldsQueried } from './query-view.ts'

export interface FindRequest {
  filter: Document
  sort: SortField[]
  skip: number
  /** 0 means no limit. */
  limit: number
}

export interface ExecutionStats {
  nReturned: number
  keysExamined: number
  docsExamined: number
}

export interface FindOutcome {
  documents: Document[]
  plan: Plan
  stats: ExecutionStats
}

export function compileFilter(filter: Document): Query {
  try {
    return new Query(filter)
  }
  catch (error) {
    throw asCommandError(error)
  }
}

function* candidates(collection: Collection, plan: Plan, stats: ExecutionStats): Generator<StoredDocument> {
  switch (plan.kind) {
    case 'idLookup':
      for (const id of plan.ids) {
        const stored = collection.storedById(id)
        if (stored) yield stored
      }
      return
    case 'collectionScan':
      yield* collection.stored()
      return
    case 'indexScan': {
      const seen = plan.intervals.length > 1 ? new Set<StoredDocument>() : undefined
      for (const intervals of plan.intervals) {
        for (const stored of plan.index.scan(intervals, plan.reverse, stats)) {
          if (seen?.has(stored)) continue
          seen?.add(stored)
          yield stored
        }
      }
    }
  }
}

/** What a query found, as stored: a caller that only counts or sends them on need not decode them. */
export interface StoredFindOutcome {
  found: StoredDocument[]
  plan: Plan
  stats: ExecutionStats
}

/**
 * Runs a query against one collection. When the plan yields documents already in the requested order,
 * reading stops as soon as skip + limit matches are found, so a feed page reads only what it returns.
 * Filter and sort see a document's view (StoredDocument.view): only the fields they name, read from
 * its bytes while it was never decoded, so a find that only sends documents on never decodes them.
 */
export function findStored(collection: Collection | undefined, request: FindRequest): StoredFindOutcome {
  const query = compileFilter(request.filter)
  const stats: ExecutionStats = { nReturned: 0, keysExamined: 0, docsExamined: 0 }
  if (!collection) return { found: [], plan: { kind: 'collectionScan' }, stats }
  const plan = choosePlan(collection, boundsOfFilter(request.filter), request.sort)
  const ordered = request.sort.length === 0 || (plan.kind === 'indexScan' && plan.providesSort)
    || (plan.kind === 'idLookup' && plan.ids.length === 1)
  const wanted = request.limit > 0 ? request.skip + request.limit : Infinity
  const fields = fieldsQueried(request.filter, request.sort)
  const matches: Array<{ stored: StoredDocument, view: Document }> = []
  try {
    for (const stored of candidates(collection, plan, stats)) {
      stats.docsExamined++
      const view = stored.view(fields)
      if (!query.test(view)) continue
      matches.push({ stored, view })
      if (ordered && matches.length >= wanted) break
    }
  }
  catch (error) {
    throw asCommandError(error)
  }
  const sorted = ordered ? matches : sortDocuments(matches, request.sort, wanted, match => match.view)
  const page = request.limit > 0 ? sorted.slice(request.skip, wanted) : sorted.slice(request.skip)
  stats.nReturned = page.length
  return { found: page.map(match => match.stored), plan, stats }
}

/** The same, with the documents decoded: for callers that read or change them. */
export function executeFind(collection: Collection | undefined, request: FindRequest): FindOutcome {
  const { found, plan, stats } = findStored(collection, request)
  return { documents: found.map(stored => stored.document), plan, stats }
}
