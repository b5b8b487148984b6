import type { Db, WithId } from 'mongodb'
import { collectionsOf, type AccountPlatform, type GrowthSnapshotDocument, type MilestoneMetric } from '../../db/index.ts'
import { findByValues } from '../bulk-access.ts'
import { eventIdFor } from '../events/event-id.ts'
import { upsertEvents, type EventInput } from '../events/upsert-events.ts'
import { snapshotsNear, type SnapshotFigures } from '../snapshots/snapshots-near.ts'
import type { PipelineOptions } from '../pipeline-changes.ts'
import { addUtcDays, startOfUtcDay } from '../utc-day.ts'
import { compactNumber, highestThresholdCrossed } from './milestone-thresholds.ts'

/** A missed day or two of snapshots still lets a crossing be seen; older gaps are not guessed at. */
const LOOKBACK_DAYS = 3

const TRACKED: Record<AccountPlatform, Array<{ metric: MilestoneMetric, label: string }>> = {
  youtube: [{ metric: 'subscribers', label: 'subscribers on YouTube' }, { metric: 'views', label: 'views on YouTube' }],
  twitch: [{ metric: 'followers', label: 'followers on Twitch' }],
}

type Snapshot = WithId<GrowthSnapshotDocument>

function milestoneFor(snapshot: Snapshot, metric: MilestoneMetric, label: string, threshold: number): EventInput {
  return {
    creatorId: snapshot.creatorId,
    platform: snapshot.platform,
    type: 'milestone',
    platformEventId: `${metric}:${threshold}`,
    title: `Reached ${compactNumber(threshold)} ${label}`,
    description: `Passed ${threshold.toLocaleString('en-US')} ${label}.`,
    publishedAt: snapshot.observedAt,
    milestone: { metric, threshold },
    dataSource: snapshot.dataSource,
  }
}

/**
 * Milestone events for thresholds crossed between a creator's previous snapshot and its snapshot of
 * `day`, dated when the crossing was observed. A milestone is reached once: one already on the
 * timeline (say, before a dip and a second crossing) keeps its first date.
 */
export async function deriveMilestones(db: Db, { day, at }: { day: Date, at?: Date }, options: PipelineOptions = {}): Promise<number> {
  const { growthStats, timelineEvents } = collectionsOf(db)
  const today = startOfUtcDay(day)
  const yesterday = addUtcDays(today, -1)
  const current = await growthStats.find({ date: today }).toArray()
  const earlier = await snapshotsNear(db, [yesterday], LOOKBACK_DAYS - 1, current)
  const previous = new Map<string, SnapshotFigures>()
  for (const snapshot of earlier.get(yesterday.getTime()) ?? []) previous.set(`${snapshot.creatorId}:${snapshot.platform}`, snapshot)
  const candidates: EventInput[] = []
  for (const snapshot of current) {
    const before = previous.get(`${snapshot.creatorId}:${snapshot.platform}`)
    if (!before) continue
    for (const { metric, label } of TRACKED[snapshot.platform]) {
      const from = before.metrics[metric]
      const to = snapshot.metrics[metric]
      if (from === null || to === null) continue
      const threshold = highestThresholdCrossed(metric, from, to)
      if (threshold !== undefined) candidates.push(milestoneFor(snapshot, metric, label, threshold))
    }
  }
  if (candidates.length === 0) return 0
  const idOf = (event: EventInput) => eventIdFor(event.creatorId, event.platform, event.type, event.platformEventId)
  const reached = new Set((await findByValues(timelineEvents, 'eventId', candidates.map(idOf), { projection: { eventId: 1 } })).map(event => event.eventId))
  const fresh = candidates.filter(event => !reached.has(idOf(event)))
  await upsertEvents(db, fresh, { ...options, at: at ?? new Date() })
  return fresh.length
}
