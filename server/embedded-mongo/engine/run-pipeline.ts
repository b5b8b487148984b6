import type { Document } from 'bson'
import { Aggregator, ProcessingMode } from 'mingo'
import { MongoCommandError, asCommandError } from '../errors.ts'
import { bsonSortContext, withBsonSort } from './bson-sort-stage.ts'
import type { Catalog } from './catalog.ts'
import type { Collection } from './collection.ts'
import { cloneDocument } from './document-copy.ts'
import { executeFind, type FindOutcome, type FindRequest } from './find-executor.ts'
import { isPlainObject } from './key-path.ts'
import { parseSort } from './sort-order.ts'

/** Stages that build new documents and never write into their inputs (checked against mingo 7). */
const NON_MUTATING_STAGES = new Set([
  '$match', '$sort', '$skip', '$limit', '$count', '$group', '$sortByCount', '$project', '$unwind',
  '$lookup', '$facet', '$bucket', '$bucketAuto', '$sample', '$replaceRoot', '$replaceWith',
])
const UNSUPPORTED_STAGES = new Set(['$out', '$merge', '$collStats', '$indexStats', '$currentOp', '$changeStream'])

function stageName(stage: Document): string {
  return Object.keys(stage)[0] ?? ''
}

function isNonMutating(pipeline: Document[]): boolean {
  return pipeline.every((stage) => {
    const name = stageName(stage)
    if (!NON_MUTATING_STAGES.has(name)) return false
    if (name === '$facet') return Object.values(stage.$facet as Document).every(sub => Array.isArray(sub) && isNonMutating(sub))
    if (name === '$lookup' && Array.isArray(stage.$lookup.pipeline)) return isNonMutating(stage.$lookup.pipeline)
    // mingo's $unwind writes includeArrayIndex into its input, and deletes an empty array it preserves.
    if (name === '$unwind') return typeof stage.$unwind === 'string' || !(stage.$unwind.includeArrayIndex || stage.$unwind.preserveNullAndEmptyArrays)
    return true
  })
}

export interface PipelineSplit {
  /** The leading $match/$sort/$skip/$limit stages, answered by the query planner (indexes). */
  find: FindRequest
  rest: Document[]
}

export function splitPipeline(pipeline: Document[]): PipelineSplit {
  const filters: Document[] = []
  let position = 0
  while (pipeline[position] && stageName(pipeline[position]!) === '$match') filters.push(pipeline[position++]!.$match)
  const find: FindRequest = { filter: filters.length === 1 ? filters[0]! : (filters.length ? { $and: filters } : {}), sort: [], skip: 0, limit: 0 }
  if (pipeline[position] && stageName(pipeline[position]!) === '$sort') find.sort = parseSort(pipeline[position++]!.$sort)
  if (pipeline[position] && stageName(pipeline[position]!) === '$skip') find.skip = Number(pipeline[position++]!.$skip)
  if (pipeline[position] && stageName(pipeline[position]!) === '$limit') {
    const limit = Number(pipeline[position]!.$limit)
    if (limit > 0) {
      find.limit = limit
      position++
    }
  }
  return { find, rest: pipeline.slice(position) }
}

/** countDocuments() sends [$match, $group {_id: 1, n: {$sum: 1}}]: answered without materialising a group. */
function countShortcut(rest: Document[], matched: Document[]): Document[] | undefined {
  if (rest.length !== 1 || stageName(rest[0]!) !== '$group') return undefined
  const { _id, ...accumulators } = rest[0]!.$group as Document
  const names = Object.keys(accumulators)
  const constantId = _id === null || typeof _id === 'number' || (typeof _id === 'string' && !_id.startsWith('$'))
  const sumsOne = names.length === 1 && isPlainObject(accumulators[names[0]!]) && (accumulators[names[0]!] as Document).$sum === 1
  if (!constantId || !sumsOne) return undefined
  return matched.length === 0 ? [] : [{ _id, [names[0]!]: matched.length }]
}

/** What mingo would accept but mongod refuses, checked in nested pipelines too. */
function assertValidStages(pipeline: Document[]): void {
  for (const stage of pipeline) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) throw new MongoCommandError('BadValue', 'A pipeline stage specification object must contain exactly one field.')
    const name = stageName(stage)
    if (UNSUPPORTED_STAGES.has(name)) throw new MongoCommandError('BadValue', `${name} is not supported by the embedded server`)
    // mingo sorts by any truthy value; mongod takes 1 or -1 only.
    if (name === '$sort') parseSort(stage.$sort)
    if (name === '$facet' && isPlainObject(stage.$facet)) {
      for (const sub of Object.values(stage.$facet)) if (Array.isArray(sub)) assertValidStages(sub)
    }
    if (name === '$lookup' && isPlainObject(stage.$lookup) && Array.isArray(stage.$lookup.pipeline)) assertValidStages(stage.$lookup.pipeline)
  }
}

export interface PipelineOutcome {
  documents: Document[]
  pushedDown: FindOutcome
}

export function runPipeline(catalog: Catalog, database: string, collection: Collection | undefined, pipeline: Document[], variables?: Document): PipelineOutcome {
  assertValidStages(pipeline)
  const { find, rest } = splitPipeline(pipeline)
  const pushedDown = executeFind(collection, find)
  const counted = countShortcut(rest, pushedDown.documents)
  if (counted) return { documents: counted, pushedDown }
  if (rest.length === 0) return { documents: pushedDown.documents, pushedDown }
  // Stored documents are frozen and shared; a stage that writes into its input gets copies.
  const copyInputs = !isNonMutating(rest)
  const collectionResolver = (name: string) => {
    const documents = [...(catalog.getCollection(database, name)?.all() ?? [])]
    return copyInputs ? documents.map(cloneDocument) : documents
  }
  try {
    const aggregator = new Aggregator(withBsonSort(rest), {
      collectionResolver,
      processingMode: copyInputs ? ProcessingMode.CLONE_INPUT : ProcessingMode.CLONE_OFF,
      variables,
      context: bsonSortContext,
    })
    return { documents: aggregator.run(pushedDown.documents) as Document[], pushedDown }
  }
  catch (error) {
    throw asCommandError(error)
  }
}
