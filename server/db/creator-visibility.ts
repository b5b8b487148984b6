import type { Filter } from 'mongodb'
import { CREATOR_HIDDEN_STATES, type CreatorDocument } from './schemas/creator.ts'

/**
 * The creators public answers show: neither pending their first sync nor being removed. `$exists`
 * pins nothing for an index, so adding this to a query keeps the index it used.
 */
export const PUBLIC_CREATORS: Filter<CreatorDocument> = { 'metadata.hidden': { $exists: false } }

/** The hidden creators (a handful at most), through the `hidden` index. */
export const HIDDEN_CREATORS: Filter<CreatorDocument> = { 'metadata.hidden': { $in: [...CREATOR_HIDDEN_STATES] } }
