import type { Db } from 'mongodb'
import type { LiveSession, TwitchAccount } from '../../db/index.ts'
import { upsertCreators, type PipelineOptions } from '../../domain/index.ts'
import { sameValue } from '../../domain/same-value.ts'
import { creatorInputWithTwitch } from './creator-input.ts'
import { liveSessionsOf } from './live-session-store.ts'
import type { TwitchCreator } from './tracked-twitch-creators.ts'

export type LiveFlags = Pick<TwitchAccount, 'isLive' | 'lastStreamAt'>

/** What the live sessions say of an account: live while one is open; the latest start is kept. */
export function liveFlagsOf(twitch: TwitchAccount, liveSessions: readonly LiveSession[]): LiveFlags {
  const starts = [twitch.lastStreamAt, ...liveSessions.map(session => session.startedAt)].filter(start => start !== null)
  return {
    isLive: liveSessions.length > 0,
    lastStreamAt: starts.length === 0 ? null : new Date(Math.max(...starts.map(start => start.getTime()))),
  }
}

/** Live sessions by user id, for the creators about to be written. */
export async function liveSessionsByUser(db: Db, creators: readonly TwitchCreator[]): Promise<Map<string, LiveSession[]>> {
  return groupSessionsByUser(await liveSessionsOf(db, creators.map(creator => creator.platforms.twitch.userId)))
}

/** Live sessions by Twitch user id. */
export function groupSessionsByUser(sessions: readonly LiveSession[]): Map<string, LiveSession[]> {
  const byUser = new Map<string, LiveSession[]>()
  for (const session of sessions) byUser.set(session.userId, [...(byUser.get(session.userId) ?? []), session])
  return byUser
}

/**
 * Sets the creators' Twitch `isLive` and `lastStreamAt` from the live sessions, through the
 * pipeline; creators already showing them are not written. Returns how many changed.
 */
export async function applyLiveFlags(db: Db, creators: readonly TwitchCreator[], options: PipelineOptions & { at: Date }): Promise<number> {
  if (creators.length === 0) return 0
  const sessions = await liveSessionsByUser(db, creators)
  const inputs = creators.flatMap((creator) => {
    const { twitch } = creator.platforms
    const flags = liveFlagsOf(twitch, sessions.get(twitch.userId) ?? [])
    if (sameValue({ isLive: twitch.isLive, lastStreamAt: twitch.lastStreamAt }, flags)) return []
    return [creatorInputWithTwitch(creator, { ...twitch, ...flags })]
  })
  const results = await upsertCreators(db, inputs, options)
  return results.filter(result => result.status !== 'unchanged').length
}
