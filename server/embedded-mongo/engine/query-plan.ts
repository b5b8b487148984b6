import type { Document } from 'bson'
import { MAX_VALUE, MIN_VALUE, compareValues } from './bson-order.ts'
import type { Collection } from './collection.ts'
import type { FieldBounds } from './filter-bounds.ts'
import { UNBOUNDED, pointInterval, type FieldInterval, type SecondaryIndex } from './secondary-index.ts'
import type { SortField } from './sort-order.ts'

/**
 * Each point is one short index descent, so even a long $in list beats a scan; only a product of
 * several $in lists grows past this, and then the plan falls back to a wider scan.
 */
const MAX_POINT_COMBINATIONS = 10_000

export type Plan
  = | { kind: 'idLookup', ids: unknown[] }
    | { kind: 'collectionScan' }
    | { kind: 'indexScan', index: SecondaryIndex, intervals: FieldInterval[][], reverse: boolean, providesSort: boolean }

function intervalOf(bounds: FieldBounds, multikey: boolean): FieldInterval {
  const low = bounds.low ?? { value: MIN_VALUE, inclusive: true }
  // On a multikey index, {$gt: 1, $lt: 2} may be satisfied by two different elements: use one side only.
  const high = multikey && bounds.low ? { value: MAX_VALUE, inclusive: true } : (bounds.high ?? { value: MAX_VALUE, inclusive: true })
  return { low: low.value, lowInclusive: low.inclusive, high: high.value, highInclusive: high.inclusive }
}

/** $in values as an index scan meets them: each once, in the field's direction (mongod's order without a sort). */
function inIndexOrder(points: unknown[], direction: 1 | -1): unknown[] {
  const sorted = [...points].sort((a, b) => compareValues(a, b) * direction)
  return sorted.filter((value, i) => i === 0 || compareValues(sorted[i - 1], value) !== 0)
}

function cartesian(lists: FieldInterval[][]): FieldInterval[][] {
  return lists.reduce<FieldInterval[][]>((combos, list) => combos.flatMap(combo => list.map(item => [...combo, item])), [[]])
}

interface Candidate {
  plan: Plan & { kind: 'indexScan' }
  score: number
}

function planIndex(index: SecondaryIndex, bounds: Map<string, FieldBounds>, sort: SortField[]): Candidate | undefined {
  const fields = index.fields
  const perField: FieldInterval[][] = []
  let equalityFields = 0
  while (equalityFields < fields.length) {
    const points = bounds.get(fields[equalityFields]!.name)?.points
    if (!points) break
    perField.push(inIndexOrder(points, fields[equalityFields]!.direction).map(pointInterval))
    equalityFields++
  }
  let usesRange = false
  const next = fields[equalityFields]
  const nextBounds = next ? bounds.get(next.name) : undefined
  if (nextBounds && (nextBounds.low || nextBounds.high)) {
    perField.push([intervalOf(nextBounds, index.multikey)])
    usesRange = true
  }
  while (perField.length < fields.length) perField.push([UNBOUNDED])
  const combinations = perField.reduce((product, list) => product * list.length, 1)
  if (combinations > MAX_POINT_COMBINATIONS) return undefined
  const sortMatch = combinations === 1 && !index.multikey ? matchSort(index, equalityFields, bounds, sort) : undefined
  const score = equalityFields * 4 + (usesRange ? 2 : 0) + (sortMatch && sort.length > 0 ? 3 : 0)
  if (score === 0) return undefined
  return {
    plan: { kind: 'indexScan', index, intervals: cartesian(perField), reverse: sortMatch?.reverse ?? false, providesSort: sortMatch !== undefined },
    score,
  }
}

/**
 * Whether walking the index (forwards or backwards) yields documents in the requested order: sort
 * fields pinned by equality are irrelevant, the rest must be the index fields after the equality prefix.
 */
function matchSort(index: SecondaryIndex, equalityFields: number, bounds: Map<string, FieldBounds>, sort: SortField[]): { reverse: boolean } | undefined {
  const pinned = new Set(index.fields.slice(0, equalityFields).map(field => field.name))
  const remaining = sort.filter(field => !(pinned.has(field.name) && bounds.get(field.name)?.points?.length === 1))
  if (remaining.length === 0) return { reverse: false }
  let reverse: boolean | undefined
  for (let i = 0; i < remaining.length; i++) {
    const indexField = index.fields[equalityFields + i]
    const sortField = remaining[i]!
    if (!indexField || indexField.name !== sortField.name) return undefined
    const flipped = indexField.direction !== sortField.direction
    if (reverse === undefined) reverse = flipped
    else if (reverse !== flipped) return undefined
  }
  return { reverse: reverse ?? false }
}

/** Picks how to read: _id lookups first, then the index that pins the most fields and serves the sort. */
export function choosePlan(collection: Collection, bounds: Map<string, FieldBounds>, sort: SortField[]): Plan {
  const idPoints = bounds.get('_id')?.points
  if (idPoints) return { kind: 'idLookup', ids: inIndexOrder(idPoints, 1) }
  let best: Candidate | undefined
  for (const index of collection.indexes) {
    if (!index.isComplete) continue
    const candidate = planIndex(index, bounds, sort)
    if (!candidate) continue
    const better = !best || candidate.score > best.score
      || (candidate.score === best.score && index.fields.length < best.plan.index.fields.length)
    if (better) best = candidate
  }
  return best?.plan ?? { kind: 'collectionScan' }
}

export function describePlan(plan: Plan): Document {
  switch (plan.kind) {
    case 'idLookup':
      return { stage: 'IDHACK' }
    case 'collectionScan':
      return { stage: 'COLLSCAN', direction: 'forward' }
    case 'indexScan':
      return {
        stage: 'FETCH',
        inputStage: {
          stage: 'IXSCAN',
          keyPattern: plan.index.spec.key,
          indexName: plan.index.name,
          isMultiKey: plan.index.multikey,
          isUnique: !!plan.index.spec.unique,
          direction: plan.reverse ? 'backward' : 'forward',
        },
      }
  }
}
