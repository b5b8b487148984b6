import type { Db } from 'mongodb'
import type { DataSource } from '../../db/index.ts'
import type { ProfileChange } from '../creators/profile-changes.ts'
import { upsertEvents, type EventInput } from '../events/upsert-events.ts'
import type { PipelineOptions } from '../pipeline-changes.ts'
import { utcDayKey } from '../utc-day.ts'

const PLATFORM_NAMES = { youtube: 'YouTube', twitch: 'Twitch', creatorino: 'Creatorino' } as const

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function describe(change: ProfileChange): { title: string, description: string } {
  switch (change.change) {
    case 'rename':
      return { title: `Renamed to ${change.to}`, description: `Previously known as ${change.from}.` }
    case 'new_handle':
      return { title: `New ${PLATFORM_NAMES[change.platform]} handle @${change.to}`, description: `Formerly @${change.from}.` }
    case 'category_change':
      return { title: `Now creating ${capitalised(change.to)} content`, description: `Moved from ${capitalised(change.from)} to ${capitalised(change.to)}.` }
  }
}

/** The announcement event for a profile change; its id is fixed by what changed and the day it did. */
export function announcementFor(change: ProfileChange, dataSource: DataSource): EventInput {
  return {
    creatorId: change.creatorId,
    platform: change.platform,
    type: 'announcement',
    platformEventId: `${change.change}:${utcDayKey(change.at)}:${change.from}->${change.to}`,
    ...describe(change),
    publishedAt: change.at,
    announcement: { change: change.change, from: change.from, to: change.to },
    dataSource,
  }
}

/** Announcements on the timelines of creators whose profile changed (rename, new handle, category change). */
export async function deriveAnnouncements(db: Db, changes: Array<ProfileChange & { dataSource: DataSource }>, options: PipelineOptions & { at?: Date } = {}): Promise<number> {
  const events = changes.map(change => announcementFor(change, change.dataSource))
  await upsertEvents(db, events, options)
  return events.length
}
