import type { Db, ObjectId } from 'mongodb'
import { collectionsOf, type ChangeJournalEntry } from '../db/index.ts'
import type { ChangeListener, PipelineChange } from './pipeline-changes.ts'

/** A creator change, flagged `removed` only when it is one (announcements compare as plain objects). */
function creatorChange(creatorId: string, removed: boolean): PipelineChange {
  return removed ? { kind: 'creator', creatorId, removed: true } : { kind: 'creator', creatorId }
}

/** Collects a run's announcements (deduplicated; a removal outweighs other changes of the creator) until they are written out. */
export function collectChanges(): { onChange: ChangeListener, take: () => PipelineChange[] } {
  const creatorIds = new Set<string>()
  const removedIds = new Set<string>()
  const rankings: PipelineChange[] = []
  return {
    onChange: (change) => {
      if (change.kind !== 'creator') rankings.push(change)
      else {
        creatorIds.add(change.creatorId)
        if (change.removed) removedIds.add(change.creatorId)
      }
    },
    take: () => {
      const changes: PipelineChange[] = [...[...creatorIds].map(creatorId => creatorChange(creatorId, removedIds.has(creatorId))), ...rankings]
      creatorIds.clear()
      removedIds.clear()
      rankings.length = 0
      return changes
    },
  }
}

/** Writes changes to the journal for the other processes; nothing when there are none. */
export async function appendToChangeJournal(db: Db, writer: string, changes: PipelineChange[]): Promise<void> {
  if (changes.length === 0) return
  const removedCreatorIds = [...new Set(changes.flatMap(change => change.kind === 'creator' && change.removed ? [change.creatorId] : []))]
  await collectionsOf(db).changeJournal.insertOne({
    writer,
    at: new Date(),
    creatorIds: [...new Set(changes.flatMap(change => change.kind === 'creator' ? [change.creatorId] : []))],
    ...(removedCreatorIds.length > 0 && { removedCreatorIds }),
    rankings: changes.some(change => change.kind === 'ranking'),
  })
}

/** The journal entry's changes in the pipeline's own terms. */
export function changesOf(entry: ChangeJournalEntry): PipelineChange[] {
  const removed = new Set(entry.removedCreatorIds)
  const changes: PipelineChange[] = entry.creatorIds.map(creatorId => creatorChange(creatorId, removed.has(creatorId)))
  if (entry.rankings) changes.push({ kind: 'ranking', date: entry.at, category: 'overall', period: '7d' })
  return changes
}

/**
 * Reads the journal since a point, allowing for clocks of different machines that disagree by up to
 * `skewMs`: the window reaches back that far and entries already seen (by id) are skipped.
 */
export class ChangeJournalReader {
  private since: Date
  private seen = new Map<string, number>()
  private readonly writer: string
  private readonly skewMs: number

  // No parameter properties: the CLIs (npm run db:seed, task) run this file with Node's type stripping, which rejects them.
  constructor(writer: string, skewMs: number, start = new Date()) {
    this.writer = writer
    this.skewMs = skewMs
    this.since = start
  }

  async readNew(db: Db): Promise<PipelineChange[]> {
    const from = new Date(this.since.getTime() - this.skewMs)
    const entries = await collectionsOf(db).changeJournal.find({ at: { $gte: from } }).sort({ at: 1 }).toArray()
    const changes: PipelineChange[] = []
    for (const entry of entries) {
      const id = (entry._id as ObjectId).toHexString()
      if (this.seen.has(id)) continue
      this.seen.set(id, entry.at.getTime())
      if (entry.at > this.since) this.since = entry.at
      if (entry.writer !== this.writer) changes.push(...changesOf(entry))
    }
    for (const [id, at] of this.seen) {
      if (at < from.getTime()) this.seen.delete(id)
    }
    return changes
  }
}
