import { sameValue } from '../same-value.ts'
import type { AnyBulkWriteOperation, Db } from 'mongodb'
import {
  collectionsOf, growthSnapshotSchema,
  type AccountPlatform, type DataSource, type GrowthSnapshotDocument, type SnapshotMetrics,
} from '../../db/index.ts'
import { announceCreatorChanges, type PipelineOptions } from '../pipeline-changes.ts'
import { startOfUtcDay } from '../utc-day.ts'
import { bulkWriteToleratingRaces } from '../bulk-access.ts'

/** What a source observed of one platform account at one moment; what it leaves out is unknown. */
export interface SnapshotInput {
  creatorId: string
  platform: AccountPlatform
  observedAt: Date
  metrics: Partial<SnapshotMetrics>
  dataSource: DataSource
}

const UNKNOWN_METRICS: SnapshotMetrics = { subscribers: null, views: null, videos: null, followers: null, engagement: null }

export function snapshotDocumentFor(input: SnapshotInput): GrowthSnapshotDocument {
  return growthSnapshotSchema.parse({
    creatorId: input.creatorId,
    platform: input.platform,
    date: startOfUtcDay(input.observedAt),
    metrics: { ...UNKNOWN_METRICS, ...input.metrics },
    observedAt: input.observedAt,
    dataSource: input.dataSource,
    createdAt: input.observedAt,
  })
}

function keyOf(snapshot: Pick<GrowthSnapshotDocument, 'creatorId' | 'platform' | 'date'>): string {
  return `${snapshot.creatorId}:${snapshot.platform}:${snapshot.date.getTime()}`
}

/**
 * Records daily snapshots: one document per creator, platform and UTC day, holding the latest
 * observation of that day. An observation older than the stored one, or one that changes nothing,
 * is not written, so repeating or reordering a day's writes gives the same result.
 */
export async function recordDailySnapshots(db: Db, inputs: SnapshotInput[], options: PipelineOptions = {}): Promise<number> {
  if (inputs.length === 0) return 0
  const { growthStats } = collectionsOf(db)
  const latest = new Map<string, GrowthSnapshotDocument>()
  for (const document of inputs.map(snapshotDocumentFor)) {
    const known = latest.get(keyOf(document))
    if (!known || known.observedAt <= document.observedAt) latest.set(keyOf(document), document)
  }
  const documents = [...latest.values()]
  const stored = new Map((await growthStats.find(
    { date: { $in: [...new Set(documents.map(document => document.date.getTime()))].map(time => new Date(time)) }, creatorId: { $in: [...new Set(documents.map(document => document.creatorId))] } },
    { projection: { _id: 0 } },
  ).toArray()).map(document => [keyOf(document), document]))
  const operations: AnyBulkWriteOperation<GrowthSnapshotDocument>[] = []
  const changed: string[] = []
  for (const document of documents) {
    const existing = stored.get(keyOf(document))
    if (!existing) {
      operations.push({ insertOne: { document: { ...document } } })
    }
    else {
      if (existing.observedAt > document.observedAt) continue
      const next = { ...document, createdAt: existing.createdAt }
      if (sameValue(existing, next)) continue
      operations.push({ replaceOne: { filter: { creatorId: next.creatorId, platform: next.platform, date: next.date }, replacement: next } })
    }
    changed.push(document.creatorId)
  }
  await bulkWriteToleratingRaces(growthStats, operations)
  announceCreatorChanges(changed, options)
  return changed.length
}

export async function recordDailySnapshot(db: Db, input: SnapshotInput, options: PipelineOptions = {}): Promise<void> {
  await recordDailySnapshots(db, [input], options)
}
