import type { Document } from 'bson'
import { Query } from 'mingo'
import { asCommandError } from '../errors.ts'

/** Applies a find projection to the page being returned (never to the whole candidate set). */
export function applyProjection(documents: Document[], projection: Document | undefined, filter: Document): Document[] {
  if (!projection || Object.keys(projection).length === 0) return documents
  // The positional `field.$` projection needs the filter that matched; others project without re-testing.
  const positional = Object.keys(projection).some(field => field.endsWith('.$'))
  try {
    return new Query(positional ? filter : {}).find(documents, projection).all() as Document[]
  }
  catch (error) {
    throw asCommandError(error)
  }
}
