import type { Document } from 'bson'
import { Query } from 'mingo'
import { asCommandError } from '../errors.ts'
import { inDocumentOrder } from './projection-order.ts'
import { narrowToFirstMatch, takeScalarElemMatches } from './scalar-elem-match.ts'
import { applySlices, takeStandaloneSlices } from './slice-projection.ts'

/** Applies a find projection to the page being returned (never to the whole candidate set). */
export function applyProjection(documents: Document[], projection: Document | undefined, filter: Document): Document[] {
  if (!projection || Object.keys(projection).length === 0) return documents
  // The positional `field.$` projection needs the filter that matched; others project without re-testing.
  const positional = Object.keys(projection).some(field => field.endsWith('.$'))
  const { projection: withoutSlices, slices } = takeStandaloneSlices(projection)
  const { projection: forMingo, elemMatches } = takeScalarElemMatches(withoutSlices)
  try {
    const projected = Object.keys(forMingo).length === 0 ? documents : new Query(positional ? filter : {}).find(documents, forMingo).all() as Document[]
    const narrowed = applySlices(narrowToFirstMatch(projected, elemMatches), slices)
    return narrowed.map((document, i) => inDocumentOrder(document, documents[i]!))
  }
  catch (error) {
    throw asCommandError(error)
  }
}
