import type { Db } from 'mongodb'
import { collectionsOf, type CreatorCategory, type YoutubeChannelSync } from '../../../../server/db/index.ts'
import { upsertCreators, type CreatorInput } from '../../../../server/domain/index.ts'
import { youtubeQuotaLedger } from '../../../../server/sync/index.ts'
import type { YoutubeSyncOptions } from '../../../../server/sync/youtube/index.ts'
import { atomFeed, channelIdFor, channelResource, type ApiResource, type FeedVideo } from '../../platforms/youtube/fake-youtube-data.ts'
import type { FakeYoutubeServer } from '../../platforms/youtube/fake-youtube-server.ts'
import type { useFakeYoutube } from '../../platforms/youtube/use-fake-youtube.ts'

type FakeYoutube = ReturnType<typeof useFakeYoutube>

export interface SeededChannel {
  channelId: string
  title: string
  handle?: string
  category?: CreatorCategory
  verified?: boolean
}

/** A creator as the admin API would have created it before its first sync: the account, no numbers yet. */
export function trackedCreatorInput({ channelId, title, handle = channelId.toLowerCase(), category = 'technology', verified = false }: SeededChannel): CreatorInput {
  return {
    name: title,
    description: '',
    category,
    avatarUrl: '/placeholder-avatar.svg',
    bannerUrl: '/placeholder-image.svg',
    platforms: {
      youtube: { channelId, handle, title, subscribers: null, views: null, videos: null, verified, joinedAt: new Date('2015-03-04T05:06:07Z') },
    },
    dataSource: 'platform-api',
  }
}

/** Seeds the creators; returns their ids by channel id. */
export async function seedCreators(db: Db, channels: SeededChannel[], at: Date): Promise<Map<string, string>> {
  const upserted = await upsertCreators(db, channels.map(trackedCreatorInput), { at })
  return new Map(channels.map((channel, i) => [channel.channelId, upserted[i]!.creatorId]))
}

/** `count` generated channels served by the fake (with an empty feed each) and seeded as creators. */
export async function seedGeneratedChannels(db: Db, fake: FakeYoutubeServer, count: number, at: Date, first = 1): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => channelIdFor(first + i))
  fake.addChannels(ids.map(id => channelResource(id, { title: `Channel ${id}` })))
  for (const id of ids) fake.setFeed(id, atomFeed(id, `Channel ${id}`, []))
  await seedCreators(db, ids.map(channelId => ({ channelId, title: `Channel ${channelId}` })), at)
  return ids
}

/** Serves a channel and its feed. */
export function serveChannel(fake: FakeYoutubeServer, channel: ApiResource, feed: FeedVideo[] = []): void {
  fake.addChannels([channel])
  fake.setFeed(channel.id, atomFeed(channel.id, String((channel.snippet as { title?: string }).title ?? channel.id), feed))
}

/** The sync's options wired to the fake YouTube, the test's clock and the database's ledger. */
export function syncOptionsFor(db: Db, youtube: FakeYoutube, now: () => Date, overrides: Partial<YoutubeSyncOptions> = {}): YoutubeSyncOptions {
  return {
    connect: onUnitsSpent => youtube.connector({ onUnitsSpent, now }),
    ledger: youtubeQuotaLedger(db, { now }),
    now,
    ...overrides,
  }
}

/** The ids each channels.list call asked for, in order. */
export function channelsListBatches(fake: FakeYoutubeServer): string[][] {
  return fake.requestsTo('channels').map(request => (request.query.id ?? '').split(','))
}

export async function channelStates(db: Db): Promise<Map<string, YoutubeChannelSync>> {
  return new Map((await collectionsOf(db).youtubeChannelSync.find({}).toArray()).map(state => [state._id, state]))
}
