import type { AccountPlatform, GrowthSnapshotDocument } from '../db/index.ts'
import { utcDayKey } from '../domain/utc-day.ts'
import { daysBetween, type GrowthWindow } from '../queries/growth-window.ts'
import type { CreatorStatsReportDto, GrowthPointDto, GrowthSeriesDto, MetricChangeDto, SnapshotDto } from '#shared/schemas/index.ts'

type DailyFigures = Pick<GrowthSnapshotDocument, 'platform' | 'date' | 'metrics'>

/** The chart series: one point per day of the window; a day without a snapshot is a point of nulls. */
export function toGrowthSeriesDto(creatorId: string, days: number, platform: AccountPlatform | undefined, window: GrowthWindow | null): GrowthSeriesDto {
  const data: GrowthPointDto[] = []
  if (window) {
    const byDay = new Map<string, Partial<Record<AccountPlatform, DailyFigures>>>()
    for (const snapshot of window.snapshots) {
      const key = utcDayKey(snapshot.date)
      byDay.set(key, { ...byDay.get(key), [snapshot.platform]: snapshot })
    }
    for (const day of daysBetween(window.first, window.last)) {
      const date = utcDayKey(day)
      const { youtube, twitch } = byDay.get(date) ?? {}
      data.push({
        date,
        subscribers: youtube?.metrics.subscribers ?? null,
        views: youtube?.metrics.views ?? null,
        followers: twitch?.metrics.followers ?? null,
      })
    }
  }
  return { creatorId, period: `${days}d`, platform: platform ?? null, data }
}

function changeOf(values: Array<number | null>): MetricChangeDto {
  const known = values.filter(value => value !== null)
  const start = known.at(0) ?? null
  const end = known.at(-1) ?? null
  const change = start !== null && end !== null ? end - start : null
  const changePercent = change !== null && start ? Math.round((change / start) * 100_000) / 1000 : null
  return { start, end, change, changePercent }
}

function toSnapshotDto(snapshot: DailyFigures): SnapshotDto {
  const { subscribers, views, videos, followers, engagement } = snapshot.metrics
  return { date: utcDayKey(snapshot.date), platform: snapshot.platform, subscribers, views, videos, followers, engagement }
}

/**
 * A creator's statistics over the window: each metric's first and last known value and the change
 * between them (subscribers and views are YouTube's, followers Twitch's; videos add up both), and
 * every snapshot, oldest first.
 */
export function toCreatorStatsReportDto(creatorId: string, days: number, platform: AccountPlatform | undefined, window: GrowthWindow | null): CreatorStatsReportDto {
  const snapshots = window?.snapshots ?? []
  const ofPlatform = (wanted: AccountPlatform, metric: 'subscribers' | 'views' | 'followers') =>
    snapshots.filter(snapshot => snapshot.platform === wanted).map(snapshot => snapshot.metrics[metric])
  const videosByDay = new Map<string, number | null>()
  for (const snapshot of snapshots) {
    const key = utcDayKey(snapshot.date)
    const before = videosByDay.has(key) ? videosByDay.get(key)! : 0
    videosByDay.set(key, before === null || snapshot.metrics.videos === null ? null : before + snapshot.metrics.videos)
  }
  const today = utcDayKey(new Date())
  return {
    creatorId,
    days,
    platform: platform ?? null,
    from: window ? utcDayKey(window.first) : today,
    to: window ? utcDayKey(window.last) : today,
    summary: {
      subscribers: changeOf(ofPlatform('youtube', 'subscribers')),
      views: changeOf(ofPlatform('youtube', 'views')),
      videos: changeOf([...videosByDay.values()]),
      followers: changeOf(ofPlatform('twitch', 'followers')),
    },
    snapshots: snapshots.map(toSnapshotDto),
  }
}
