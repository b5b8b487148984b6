import type { Db } from 'mongodb'
import { collectionsOf, type GrowthSnapshotDocument } from '../../db/index.ts'
import { addUtcDays } from '../utc-day.ts'

export type SnapshotFigures = Pick<GrowthSnapshotDocument, 'creatorId' | 'platform' | 'date' | 'metrics'>

const keyOf = (snapshot: Pick<SnapshotFigures, 'creatorId' | 'platform'>) => `${snapshot.creatorId}:${snapshot.platform}`

/**
 * The snapshots of each of `days`; where a creator's platform has none on one of them (a sync that
 * missed a day), its latest of up to `slackDays` days before. Expected are the accounts seen on any
 * of the days, plus `alsoExpected`. The common case reads only the exact days.
 */
export async function snapshotsNear(db: Db, days: Date[], slackDays: number, alsoExpected: SnapshotFigures[] = []): Promise<Map<number, SnapshotFigures[]>> {
  const { growthStats } = collectionsOf(db)
  const projection = { _id: 0, creatorId: 1, platform: 1, date: 1, metrics: 1 }
  const exact = await growthStats.find({ date: { $in: days } }, { projection }).toArray() as SnapshotFigures[]
  const byDay = new Map<number, SnapshotFigures[]>(days.map(day => [day.getTime(), []]))
  for (const snapshot of exact) byDay.get(snapshot.date.getTime())?.push(snapshot)
  if (slackDays === 0) return byDay
  const expected = new Map([...exact, ...alsoExpected].map(snapshot => [keyOf(snapshot), snapshot.creatorId]))
  const gaps = days.map((day) => {
    const present = new Set(byDay.get(day.getTime())!.map(keyOf))
    return { day, absent: [...expected.keys()].filter(key => !present.has(key)) }
  }).filter(gap => gap.absent.length > 0)
  if (gaps.length === 0) return byDay
  const earlierDays = gaps.flatMap(({ day }) => Array.from({ length: slackDays }, (_, i) => addUtcDays(day, -(i + 1))))
  const creatorIds = [...new Set(gaps.flatMap(gap => gap.absent.map(key => expected.get(key)!)))]
  const earlier = (await growthStats.find({ date: { $in: earlierDays }, creatorId: { $in: creatorIds } }, { projection }).toArray() as SnapshotFigures[])
    .sort((a, b) => b.date.getTime() - a.date.getTime())
  for (const { day, absent } of gaps) {
    const wanted = new Set(absent)
    const from = addUtcDays(day, -slackDays)
    for (const snapshot of earlier) {
      if (snapshot.date < from || snapshot.date >= day || !wanted.has(keyOf(snapshot))) continue
      wanted.delete(keyOf(snapshot))
      byDay.get(day.getTime())!.push(snapshot)
    }
  }
  return byDay
}
