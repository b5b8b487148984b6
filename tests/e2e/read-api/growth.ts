import { $fetch } from '@nuxt/test-utils/e2e'
import { expect, it } from 'vitest'
import { creatorStatsReportDtoSchema, growthSeriesDtoSchema, type CreatorListDto } from '../../../shared/schemas/index.ts'
import { withAppDatabase } from './helpers.ts'

const DAY_MS = 86_400_000

/** Growth series and statistics of one creator. */
export function describeGrowth(dataDir: string) {
  it('answers one growth point per consecutive day, ending at the latest snapshot, with gaps as nulls', async () => {
    const creators = (await $fetch<CreatorListDto>('/api/creators?limit=100&platform=youtube')).items
    const creator = creators.find(candidate => candidate.platforms.twitch)!
    // A day without a snapshot (a failed sync) must stay visible as a gap, not be skipped or invented.
    const latest = await withAppDatabase(dataDir, async (db) => {
      const snapshots = db.collection('growth_stats')
      const [last] = await snapshots.find({ creatorId: creator.id }).sort({ date: -1 }).limit(1).toArray()
      await snapshots.deleteMany({ creatorId: creator.id, date: new Date(last!.date.getTime() - 10 * DAY_MS) })
      return last!.date as Date
    })
    const series = growthSeriesDtoSchema.parse(await $fetch(`/api/stats/growth/${creator.slug}?days=30`))
    expect(series).toMatchObject({ creatorId: creator.id, period: '30d', platform: null })
    expect(series.data).toHaveLength(30)
    expect(series.data.at(-1)!.date).toBe(latest.toISOString().slice(0, 10))
    series.data.forEach((point, index) => expect(Date.parse(point.date)).toBe(latest.getTime() - (29 - index) * DAY_MS))
    const gap = series.data.at(-11)!
    expect(gap).toEqual({ date: gap.date, subscribers: null, views: null, followers: null })
    expect(series.data.at(-1)!.subscribers).toBe(creator.platforms.youtube!.subscribers)
    expect(series.data.at(-1)!.followers).toBe(creator.platforms.twitch!.followers)

    const twitchOnly = growthSeriesDtoSchema.parse(await $fetch(`/api/stats/growth/${creator.id}?days=7&platform=twitch`))
    expect(twitchOnly.data).toHaveLength(7)
    expect(twitchOnly.data.every(point => point.subscribers === null && point.views === null && point.followers !== null)).toBe(true)
    expect(growthSeriesDtoSchema.parse(await $fetch(`/api/stats/growth/${creator.id}`)).data).toHaveLength(90)
  })

  it('reports a creator\'s statistics over the requested days with each metric\'s change', async () => {
    const [creator] = (await $fetch<CreatorListDto>('/api/creators?limit=1&platform=youtube&sort=views')).items
    const report = creatorStatsReportDtoSchema.parse(await $fetch(`/api/creators/${creator!.slug}/stats?days=30&platform=youtube`))
    expect(report).toMatchObject({ creatorId: creator!.id, days: 30, platform: 'youtube' })
    expect(report.snapshots.length).toBeGreaterThan(20)
    expect(report.snapshots.every(snapshot => snapshot.platform === 'youtube' && snapshot.date >= report.from && snapshot.date <= report.to)).toBe(true)
    const { subscribers, views } = report.summary
    expect(subscribers.start).toBe(report.snapshots[0]!.subscribers)
    expect(subscribers.end).toBe(creator!.platforms.youtube!.subscribers)
    expect(views.change).toBe(views.end! - views.start!)
    expect(report.summary.followers).toEqual({ start: null, end: null, change: null, changePercent: null })
  })
}
