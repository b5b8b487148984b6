import type { Db } from 'mongodb'
import { collectionsOf } from '../../db/index.ts'
import { announceCreatorChanges, type PipelineOptions } from '../pipeline-changes.ts'

/**
 * Makes pending creators public once their first data (profile and snapshots) is written: by the
 * tracking request itself, or by the next sync when that request died half-way. Creators being
 * removed, or already public, are left as they are. Returns the ids it made public.
 */
export async function markCreatorsPublic(db: Db, creatorIds: string[], options: PipelineOptions = {}): Promise<string[]> {
  if (creatorIds.length === 0) return []
  const { creators } = collectionsOf(db)
  const pending = { 'creatorId': { $in: [...new Set(creatorIds)] }, 'metadata.hidden': 'pending' as const }
  const found = await creators.find(pending, { projection: { _id: 0, creatorId: 1 } }).toArray()
  if (found.length === 0) return []
  await creators.updateMany(pending, { $unset: { 'metadata.hidden': '' }, $inc: { revision: 1 } })
  const madePublic = found.map(creator => creator.creatorId)
  announceCreatorChanges(madePublic, options)
  return madePublic
}
