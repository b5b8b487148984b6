import type { Document } from 'bson'
import { cloneDocument } from './document-copy.ts'
import { isPlainObject, splitPath, valueAt } from './key-path.ts'

interface Slice {
  path: string[]
  spec: unknown
}

function isSlice(value: unknown): value is { $slice: unknown } {
  return isPlainObject(value) && Object.keys(value).length === 1 && '$slice' in value
}

/**
 * `{comments: {$slice: 5}}` without any inclusion keeps every other field in mongod, while mingo
 * treats $slice as an inclusion. Such slices are taken out (with a lone `_id: 1`, an inclusion to
 * mingo too) and applied by `applySlices`; the rest, exclusions only, still goes to mingo.
 */
export function takeStandaloneSlices(projection: Document): { projection: Document, slices: Slice[] } {
  const entries = Object.entries(projection)
  const includes = entries.some(([field, value]) => field !== '_id' && !isSlice(value) && value !== 0 && value !== false)
  if (includes || !entries.some(([, value]) => isSlice(value))) return { projection, slices: [] }
  const rest: Document = {}
  const slices: Slice[] = []
  for (const [field, value] of entries) {
    if (isSlice(value)) slices.push({ path: splitPath(field), spec: value.$slice })
    else if (value === 0 || value === false) rest[field] = value
  }
  return { projection: rest, slices }
}

function sliceOf(values: unknown[], spec: unknown): unknown[] {
  if (typeof spec === 'number') return spec >= 0 ? values.slice(0, spec) : values.slice(Math.max(values.length + spec, 0))
  if (Array.isArray(spec) && typeof spec[0] === 'number' && typeof spec[1] === 'number') {
    const start = spec[0] >= 0 ? spec[0] : Math.max(values.length + spec[0], 0)
    return values.slice(start, start + spec[1])
  }
  return values
}

export function applySlices(documents: Document[], slices: Slice[]): Document[] {
  if (slices.length === 0) return documents
  return documents.map((document) => {
    const copy = cloneDocument(document)
    for (const { path, spec } of slices) {
      const parent = valueAt(copy, path.slice(0, -1))
      const field = path[path.length - 1]!
      if (isPlainObject(parent) && Array.isArray(parent[field])) parent[field] = sliceOf(parent[field], spec)
    }
    return copy
  })
}
