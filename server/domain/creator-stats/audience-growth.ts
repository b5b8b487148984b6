import type { AccountPlatform, GrowthSnapshotDocument } from '../../db/index.ts'

type SnapshotFigures = Pick<GrowthSnapshotDocument, 'creatorId' | 'platform' | 'date' | 'metrics'>

/** A platform's audience in a snapshot: YouTube subscribers or Twitch followers. */
export function audienceOf(snapshot: Pick<SnapshotFigures, 'platform' | 'metrics'>): number | null {
  return snapshot.platform === 'youtube' ? snapshot.metrics.subscribers : snapshot.metrics.followers
}

/** Per creator and platform, the latest snapshot among those given (callers pass a small window of days). */
export function latestSnapshots<T extends SnapshotFigures>(snapshots: Iterable<T>): Map<string, Map<AccountPlatform, T>> {
  const latest = new Map<string, Map<AccountPlatform, T>>()
  for (const snapshot of snapshots) {
    let byPlatform = latest.get(snapshot.creatorId)
    if (!byPlatform) latest.set(snapshot.creatorId, byPlatform = new Map())
    const known = byPlatform.get(snapshot.platform)
    if (!known || known.date < snapshot.date) byPlatform.set(snapshot.platform, snapshot)
  }
  return latest
}

export interface Growth {
  before: number
  after: number
  gain: number
  /** Percent; null when there was nothing to grow from. */
  rate: number | null
}

function growthOf(before: number, after: number): Growth {
  return { before, after, gain: after - before, rate: before > 0 ? ((after - before) / before) * 100 : null }
}

/**
 * Growth between two sets of snapshots of one creator, counting only the platforms whose value is
 * known at both ends, so a count hidden on one side does not pass for a gain or a loss.
 */
export function comparableGrowth<T extends SnapshotFigures>(
  before: Map<AccountPlatform, T> | undefined,
  after: Map<AccountPlatform, T> | undefined,
  valueOf: (snapshot: T) => number | null,
): Growth | null {
  if (!before || !after) return null
  let from = 0
  let to = 0
  let compared = 0
  for (const [platform, latest] of after) {
    const earlier = before.get(platform)
    const now = valueOf(latest)
    const then = earlier ? valueOf(earlier) : null
    if (now === null || then === null) continue
    from += then
    to += now
    compared++
  }
  return compared === 0 ? null : growthOf(from, to)
}
