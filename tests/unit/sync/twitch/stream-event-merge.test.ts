import { describe, expect, it } from 'vitest'
import { LIVE_SESSION_MAX_SAMPLES, type LiveSession, type TimelineEventDocument } from '../../../../server/db/index.ts'
import { eventDocumentFor, type EventInput } from '../../../../server/domain/index.ts'
import type { HelixStream } from '../../../../server/platforms/twitch/index.ts'
import { sessionEnded, sessionSighted } from '../../../../server/sync/twitch/live-session-transitions.ts'
import { mergedStreamEvent } from '../../../../server/sync/twitch/stream-event-input.ts'

const T0 = Date.UTC(2026, 10, 20, 12)
const at = (minutes: number) => new Date(T0 + minutes * 60_000)

const base: EventInput = { creatorId: 'cr_a', platform: 'twitch', type: 'stream', platformEventId: 's1', title: 'Stream', publishedAt: at(0), dataSource: 'platform-api' }
const liveEvent: EventInput = {
  ...base, title: 'Live title', publishedAt: at(0),
  metrics: { peakViewers: 700, averageViewers: 500 },
  media: { durationSeconds: 900, url: 'https://www.twitch.tv/someone', thumbnailUrl: 'https://live/320x180.jpg' },
}
const archiveEvent: EventInput = {
  ...base, title: 'VOD title', description: 'VOD description', publishedAt: at(1),
  metrics: { views: 142 },
  media: { durationSeconds: 11313, url: 'https://www.twitch.tv/videos/1', thumbnailUrl: 'https://vod/320x180.jpg' },
}
const stored = (input: EventInput): TimelineEventDocument => eventDocumentFor(input, at(30))

describe('mergedStreamEvent', () => {
  it.each([
    {
      case: 'an archive written after the live samples keeps their peak and average, and brings its views and media',
      incoming: archiveEvent, before: liveEvent, storedMediaWins: false,
      expected: { title: 'VOD title', publishedAt: at(0), metrics: { views: 142, peakViewers: 700, averageViewers: 500 }, media: archiveEvent.media },
    },
    {
      case: 'a live event written after the archive keeps its views, title and media, and brings new viewer figures',
      incoming: { ...liveEvent, metrics: { peakViewers: 800, averageViewers: 450 } }, before: archiveEvent, storedMediaWins: true,
      expected: { title: 'VOD title', description: 'VOD description', publishedAt: at(1), metrics: { views: 142, peakViewers: 800, averageViewers: 450 }, media: archiveEvent.media },
    },
    {
      case: 'a live event written again before any archive takes the new figures and media',
      incoming: { ...liveEvent, title: '', metrics: { peakViewers: 900, averageViewers: 300 }, media: { ...liveEvent.media, durationSeconds: 1200 } }, before: liveEvent, storedMediaWins: false,
      expected: { title: 'Live title', metrics: { peakViewers: 900, averageViewers: 300 }, media: { ...liveEvent.media, durationSeconds: 1200 } },
    },
  ])('$case', ({ incoming, before, storedMediaWins, expected }) => {
    expect(mergedStreamEvent(incoming, stored(before), storedMediaWins)).toMatchObject(expected)
  })

  it('leaves an event with nothing stored as it is', () => {
    expect(mergedStreamEvent(archiveEvent, undefined)).toBe(archiveEvent)
  })
})

const stream: HelixStream = {
  id: 's1', user_id: '1', user_login: 'someone', user_name: 'Someone', game_name: 'Chess', title: 'Live', viewer_count: 10,
  started_at: at(0).toISOString(), thumbnail_url: '',
}

describe('live session steps', () => {
  it('keeps the latest LIVE_SESSION_MAX_SAMPLES samples', () => {
    let session: LiveSession | null = null
    for (let minute = 0; minute <= LIVE_SESSION_MAX_SAMPLES; minute++) session = sessionSighted(session, 'cr_a', { ...stream, viewer_count: minute }, at(minute)) ?? session
    expect(session?.samples).toHaveLength(LIVE_SESSION_MAX_SAMPLES)
    expect(session?.samples[0]).toEqual({ at: at(1), viewers: 1 })
  })

  it('adds no sample for an instant already sampled, nor for an earlier one', () => {
    const first = sessionSighted(null, 'cr_a', stream, at(5))!
    expect(sessionSighted(first, 'cr_a', { ...stream, viewer_count: 99 }, at(5))).toBeNull()
    expect(sessionSighted(first, 'cr_a', { ...stream, viewer_count: 99 }, at(4))).toBeNull()
    expect(sessionSighted(first, 'cr_a', { ...stream, title: 'Renamed' }, at(4))).toMatchObject({ title: 'Renamed', samples: [{ at: at(5), viewers: 10 }], lastSeenAt: at(5) })
  })

  it('never ends a stream before it was last seen, and ends it once', () => {
    const live = sessionSighted(null, 'cr_a', stream, at(5))!
    const ended = sessionEnded(live, at(2), 'webhook', at(6))
    expect(ended).toMatchObject({ status: 'ended', endedAt: at(5), durationSeconds: 300, eventPending: true, viewers: { peakViewers: 10, averageViewers: 10, hoursWatched: 0 } })
    expect(sessionEnded(ended, at(7), 'poll', at(7))).toBeNull()
  })

  it('ends a stream no poll ever saw without viewer figures', () => {
    const live = { ...sessionSighted(null, 'cr_a', stream, at(0))!, samples: [] }
    expect(sessionEnded(live, at(30), 'webhook', at(30))).toMatchObject({ durationSeconds: 1800, viewers: null })
  })
})
