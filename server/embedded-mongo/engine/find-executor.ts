import type { Document } from 'bson'
import { Query } from 'mingo'
import { asCommandError } from '../errors.ts'
import type { Collection } from './collection.ts'
import { boundsOfFilter } from './filter-bounds.ts'
import { choosePlan, type Plan } from './query-plan.ts'
import { sortDocuments, type SortField } from './sort-order.ts'
import type { StoredDocument } from './stored-document.ts'

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

function* candidates(collection: Collection, plan: Plan, stats: ExecutionStats): Generator<Document> {
  switch (plan.kind) {
    case 'idLookup':
      for (const id of plan.ids) {
        const document = collection.findById(id)
        if (document) yield document
      }
      return
    case 'collectionScan':
      yield* collection.all()
      return
    case 'indexScan': {
      const seen = plan.intervals.length > 1 ? new Set<StoredDocument>() : undefined
      for (const intervals of plan.intervals) {
        for (const stored of plan.index.scan(intervals, plan.reverse, stats)) {
          if (seen?.has(stored)) continue
          seen?.add(stored)
          yield stored.document
        }
      }
    }
  }
}

/**
 * Runs a query against one collection. When the plan yields documents already in the requested order,
 * reading stops as soon as skip + limit matches are found, so a feed page reads only what it returns.
 */
export function executeFind(collection: Collection | undefined, request: FindRequest): FindOutcome {
  const query = compileFilter(request.filter)
  const stats: ExecutionStats = { nReturned: 0, keysExamined: 0, docsExamined: 0 }
  if (!collection) return { documents: [], plan: { kind: 'collectionScan' }, stats }
  const plan = choosePlan(collection, boundsOfFilter(request.filter), request.sort)
  const ordered = request.sort.length === 0 || (plan.kind === 'indexScan' && plan.providesSort)
    || (plan.kind === 'idLookup' && plan.ids.length === 1)
  const wanted = request.limit > 0 ? request.skip + request.limit : Infinity
  const matches: Document[] = []
  try {
    for (const document of candidates(collection, plan, stats)) {
      stats.docsExamined++
      if (!query.test(document)) continue
      matches.push(document)
      if (ordered && matches.length >= wanted) break
    }
  }
  catch (error) {
    throw asCommandError(error)
  }
  const sorted = ordered ? matches : sortDocuments(matches, request.sort, wanted)
  const documents = request.limit > 0 ? sorted.slice(request.skip, wanted) : sorted.slice(request.skip)
  stats.nReturned = documents.length
  return { documents, plan, stats }
}
