import type { CreatorCategory } from '../../db/index.ts'
import type { CreatorInput, SnapshotInput } from '../../domain/index.ts'
import { parseTwitchChannelReference, twitchAccountOf, twitchProfileOf, twitchSnapshotOf, type TwitchConnector } from '../../platforms/twitch/index.ts'
import { creatorInputOf, parseChannelReference, snapshotInputOf, type YoutubeConnector } from '../../platforms/youtube/index.ts'

/** A request to track a creator whose accounts could not be used: which field, and why (a 4xx). */
export class TrackingInputError extends Error {
  readonly statusCode: 400 | 409 | 422 | 503
  constructor(statusCode: 400 | 409 | 422 | 503, message: string) {
    super(message)
    this.name = 'TrackingInputError'
    this.statusCode = statusCode
  }
}

export interface TrackRequest {
  youtube?: string
  twitch?: string
  category: CreatorCategory
}

export interface ResolvedCreator {
  input: CreatorInput
  /** Today's observation of each account, keyed to the creator once it exists. */
  snapshotsFor: (creatorId: string) => SnapshotInput[]
}

/**
 * Looks the accounts up on the platforms (a YouTube lookup costs 1 unit) and describes the creator:
 * the YouTube channel's profile when there is one, else the Twitch channel's.
 */
export async function resolveAccounts(request: TrackRequest, platforms: { youtube?: YoutubeConnector, twitch?: TwitchConnector }, observedAt: Date): Promise<ResolvedCreator> {
  const snapshots: Array<(creatorId: string) => SnapshotInput> = []
  let input: CreatorInput | undefined
  if (request.youtube !== undefined) {
    const parsed = parseChannelReference(request.youtube)
    if (!parsed.ok) throw new TrackingInputError(400, `youtube: ${parsed.message}`)
    if (!platforms.youtube) throw new TrackingInputError(503, 'youtube: the YouTube API is not configured here (NUXT_YOUTUBE_API_KEY)')
    const channel = await platforms.youtube.fetchChannel(parsed.reference)
    if (!channel) throw new TrackingInputError(422, `youtube: no YouTube channel matches "${request.youtube}"`)
    input = creatorInputOf(channel, { category: request.category })
    snapshots.push(creatorId => snapshotInputOf(channel, creatorId, observedAt))
  }
  if (request.twitch !== undefined) {
    const parsed = parseTwitchChannelReference(request.twitch)
    if (!parsed.ok) throw new TrackingInputError(400, `twitch: ${parsed.message}`)
    if (!platforms.twitch) throw new TrackingInputError(503, 'twitch: the Twitch API is not configured here (NUXT_TWITCH_CLIENT_ID, NUXT_TWITCH_CLIENT_SECRET)')
    const [user] = await platforms.twitch.usersByLogins([parsed.login])
    if (!user) throw new TrackingInputError(422, `twitch: no Twitch channel is called "${parsed.login}"`)
    const account = twitchAccountOf(user, { followers: await platforms.twitch.followersTotal(user.id), followersObservedAt: observedAt })
    input = input
      ? { ...input, platforms: { ...input.platforms, twitch: account } }
      : { ...twitchProfileOf(user), category: request.category, platforms: { twitch: account }, dataSource: 'platform-api' }
    snapshots.push(creatorId => twitchSnapshotOf(creatorId, account, observedAt))
  }
  if (!input) throw new TrackingInputError(400, 'youtube, twitch: give at least one account to track')
  return { input, snapshotsFor: creatorId => snapshots.map(snapshotOf => snapshotOf(creatorId)) }
}
