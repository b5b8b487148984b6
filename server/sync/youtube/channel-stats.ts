import { batchesOf } from '../../platforms/youtube/api-shapes.ts'
import { creatorInputOf, snapshotInputOf, YoutubeUnexpectedResponseError, type YoutubeChannel } from '../../platforms/youtube/index.ts'
import { markCreatorsPublic, recordDailySnapshots, upsertCreators, type CreatorInput } from '../../domain/index.ts'
import { fetchIsolatingFailures } from './isolating-fetch.ts'
import { writeIsolatingFailures } from './isolating-writes.ts'
import { saveChannelStates, type TrackedChannel } from './tracked-channels.ts'
import type { YoutubeSyncRun } from './youtube-sync-run.ts'

export interface StatsRefresh {
  /** Channels whose video count rose: a new upload the feed may not show yet. */
  videoCountRose: TrackedChannel[]
  /** Channels not asked (budget spent, calls stopped). */
  unasked: number
}

/** The creator as the channel now presents it, with what only we know (verification) carried over; its category stays as stored. */
function creatorInputFor(channel: TrackedChannel, found: YoutubeChannel): CreatorInput {
  return creatorInputOf(found, { verified: channel.verified })
}

/** Pending creators whose profile and snapshot are now written become public (their tracking request died half-way). */
async function publishFirstSyncs(run: YoutubeSyncRun, written: TrackedChannel[]): Promise<void> {
  const pending = written.filter(channel => channel.pending)
  if (pending.length === 0) return
  await markCreatorsPublic(run.db, pending.map(channel => channel.creatorId), run.pipeline)
  for (const channel of pending) channel.pending = false
}

/**
 * channels.list for the planned channels, 50 per call, each batch written before the next call
 * (a run that dies keeps what it got): the creator's profile and account, and today's snapshot;
 * a pending creator then becomes public.
 * `reservedUnits` are kept for the new uploads found before this step.
 */
export async function refreshChannelStats(run: YoutubeSyncRun, channels: TrackedChannel[], reservedUnits = 0): Promise<StatsRefresh> {
  const refresh: StatsRefresh = { videoCountRose: [], unasked: 0 }
  for (const batch of batchesOf(channels)) {
    run.checkSignal()
    const byId = new Map(batch.map(channel => [channel.channelId, channel]))
    const { items, failed, unasked } = await fetchIsolatingFailures(run.calls, [...byId.keys()], (connector, ids) => connector.fetchChannels(ids), reservedUnits)
    refresh.unasked += unasked.length
    run.checkSignal()
    const answered: TrackedChannel[] = []
    for (const { ids, error } of failed) {
      const failing = ids.map(id => byId.get(id)!)
      run.channelsFailed(failing, 'channels.list', error)
      // A malformed channel would fail again at once: it waits for its cadence. Other failures (network, 5xx) are retried next run.
      if (error instanceof YoutubeUnexpectedResponseError) {
        for (const channel of failing) channel.state.statsCheckedAt = run.at
        answered.push(...failing)
      }
    }
    const found = items.flatMap(item => byId.has(item.id) ? [{ channel: byId.get(item.id)!, item }] : [])
    const foundIds = new Set(found.map(({ item }) => item.id))
    const askedIds = new Set([...byId.keys()].filter(id => !unasked.includes(id) && !failed.some(failure => failure.ids.includes(id))))
    for (const id of askedIds) {
      if (foundIds.has(id)) continue
      const channel = byId.get(id)!
      channel.state.missingSince ??= run.at
      channel.state.statsCheckedAt = run.at
      answered.push(channel)
      run.channelsFailed([channel], 'channels.list', new Error('not returned: the channel was deleted, terminated or never existed'))
    }

    const inputs = found.map(({ channel, item }) => ({ channel, input: creatorInputFor(channel, item) }))
    const upserted = await writeIsolatingFailures(
      inputs,
      async part => (await upsertCreators(run.db, part.map(({ input }) => input), { ...run.pipeline, at: run.at })).map((_, i) => part[i]!),
      ({ channel }, error) => run.channelsFailed([channel], 'profile', error),
    )
    run.counts.snapshotsRecorded += await recordDailySnapshots(run.db, found.map(({ channel, item }) => snapshotInputOf(item, channel.creatorId, run.at)), run.pipeline)
    await publishFirstSyncs(run, upserted.map(({ channel }) => channel))
    run.counts.channelsChecked += found.length

    for (const { channel, item } of found) {
      const videos = item.statistics?.videoCount ?? null
      if (videos !== null && channel.storedVideoCount !== null && videos > channel.storedVideoCount) refresh.videoCountRose.push(channel)
      channel.state.statsCheckedAt = run.at
      channel.state.missingSince = null
      answered.push(channel)
    }
    for (const { channel, input } of upserted) channel.storedVideoCount = input.platforms.youtube?.videos ?? channel.storedVideoCount
    await saveChannelStates(run.db, answered, run.at)
  }
  return refresh
}
