import type { CreatorInput, EventInput, SnapshotInput } from '../../../server/domain/index.ts'
import type { TwitchAccount, YoutubeAccount } from '../../../server/db/index.ts'

export const T0 = new Date('2026-03-01T12:00:00Z')

export function youtubeAccount(overrides: Partial<YoutubeAccount> = {}): YoutubeAccount {
  return {
    channelId: 'UC_test_channel', handle: 'TestChannel', title: 'Test Channel',
    subscribers: 12_300, views: 1_000_000, videos: 120, verified: false,
    joinedAt: new Date('2015-06-01T00:00:00Z'),
    ...overrides,
  }
}

export function twitchAccount(overrides: Partial<TwitchAccount> = {}): TwitchAccount {
  return {
    userId: '1000001', login: 'testchannel', displayName: 'Test Channel',
    followers: 5_000, videos: 40, isLive: false, lastStreamAt: null, verified: false,
    joinedAt: new Date('2018-01-01T00:00:00Z'),
    ...overrides,
  }
}

export function creatorInput(overrides: Partial<CreatorInput> = {}): CreatorInput {
  return {
    name: 'Test Channel', description: 'A channel for tests.', category: 'technology',
    avatarUrl: 'data:image/svg+xml,a', bannerUrl: 'data:image/svg+xml,b',
    platforms: { youtube: youtubeAccount() },
    dataSource: 'demo',
    ...overrides,
  }
}

/** A creator with only a YouTube channel, named and identified by `key`. */
export function youtubeCreator(key: string, overrides: Partial<YoutubeAccount> = {}, input: Partial<CreatorInput> = {}): CreatorInput {
  return creatorInput({
    name: key,
    platforms: { youtube: youtubeAccount({ channelId: `UC_${key.replace(/\W/g, '_')}`, handle: key.replace(/\W/g, ''), title: key, ...overrides }) },
    ...input,
  })
}

export function snapshot(creatorId: string, observedAt: string, metrics: SnapshotInput['metrics'], platform: SnapshotInput['platform'] = 'youtube'): SnapshotInput {
  return { creatorId, platform, observedAt: new Date(observedAt), metrics, dataSource: 'demo' }
}

export function upload(creatorId: string, platformEventId: string, overrides: Partial<EventInput> = {}): EventInput {
  return {
    creatorId, platform: 'youtube', type: 'video_upload', platformEventId,
    title: `Video ${platformEventId}`, publishedAt: T0, metrics: { views: 100 }, dataSource: 'demo',
    ...overrides,
  }
}
