import { describe, expect, it } from 'vitest'
import { eventIdOf, timelineEvent } from '../../../bench/timeline-events.ts'

/**
 * The benchmarks' documents are part of their figures (README "Performance" compares runs across
 * sessions): these are the values the first formulation of the generator gave (`toString(16)` and
 * `padStart` per hex word, the creator id made per document).
 */
describe('benchmark timeline events', () => {
  it.each([
    [0, 'ev_00000000d9aaf7d38c03471f'],
    [1, 'ev_514e28b7addc76bc91f42df4'],
    [999, 'ev_588bf969c76eadfdfeb366a6'],
    [2 ** 31, 'ev_6d3c65a0d9f4088197f62d46'],
    [123456789, 'ev_ba60d89a7d25ad1349b95ddb'],
  ])('event %i has the id %s', (i, id) => {
    expect(eventIdOf(i)).toBe(id)
  })

  it('builds the same document as before, field for field', () => {
    expect(timelineEvent(1234)).toEqual({
      eventId: 'ev_0f2cc00b0da833d3c4f303b2',
      creatorId: 'cr_00006i',
      platform: 'youtube',
      type: 'video',
      title: 'Video number 1234 of creator 234: a title of typical length',
      description: 'A short description of the upload, roughly as long as the ones the platforms return in lists.',
      publishedAt: new Date('2025-11-01T02:42:52.046Z'),
      views: 8638,
      likes: 3702,
      comments: 1234,
      duration: 1294,
      thumbnail: 'https://i.ytimg.com/vi/ya/mqdefault.jpg',
    })
  })
})
