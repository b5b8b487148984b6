import { describe, expect, it } from 'vitest'
import {
  YoutubeAccessNotConfiguredError, YoutubeApiError, YoutubeKeyInvalidError, YoutubeQuotaExceededError, YoutubeUnexpectedResponseError,
} from '../../../../server/platforms/youtube/index.ts'
import { channelResource, readFixture } from './fake-youtube-data.ts'
import { TEST_KEY, useFakeYoutube } from './use-fake-youtube.ts'

const { fake, connector, unitsReported } = useFakeYoutube()
const CHANNEL = channelResource('UC0000000000000000000001')

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => expect.fail('expected the call to fail'), (error: unknown) => error)
}

describe('YouTube API errors', () => {
  it('turns quotaExceeded into a typed error with the reset time, without retrying or counting units', async () => {
    fake().script('channels', { status: 403, body: readFixture('youtube-error.403.quotaExceeded.json') })
    const error = await failureOf(connector({ now: () => new Date('2026-07-15T12:00:00Z') }).fetchChannels([CHANNEL.id]))
    expect(error).toBeInstanceOf(YoutubeQuotaExceededError)
    expect(error).toMatchObject({ status: 403, reason: 'quotaExceeded', endpoint: 'channels', resetsAt: new Date('2026-07-16T07:00:00Z') })
    expect(fake().requestsTo('channels')).toHaveLength(1)
    expect(unitsReported).toEqual([{ units: 0, endpoint: 'channels' }])
  })

  it('asks YouTube nothing more once the quota is spent, until the Pacific-midnight reset', async () => {
    fake().addChannels([CHANNEL])
    let now = new Date('2026-07-15T12:00:00Z')
    const youtube = connector({ now: () => now })
    fake().setQuota(1)
    await youtube.fetchChannels([CHANNEL.id])
    await expect(youtube.fetchVideos(['a'])).rejects.toBeInstanceOf(YoutubeQuotaExceededError)
    await expect(youtube.fetchUploads('UU0000000000000000000001')).rejects.toBeInstanceOf(YoutubeQuotaExceededError)
    expect(fake().requests.map(request => request.endpoint)).toEqual(['channels', 'videos'])
    fake().setQuota(null)
    now = new Date('2026-07-16T07:00:00Z')
    expect(await youtube.fetchChannels([CHANNEL.id])).toHaveLength(1)
    expect(unitsReported.map(report => report.units)).toEqual([1, 0, 1])
    expect(fake().unitsCharged).toBe(2)
  })

  it.each(['youtube-error.400.keyInvalid.json', 'youtube-error.400.keyInvalid.python-youtube.json'])('turns the legacy bad-key answer %s into YoutubeKeyInvalidError', async (fixture) => {
    fake().script('videos', { status: 400, body: readFixture(fixture) })
    const error = await failureOf(connector().fetchVideos(['Ks-_Mh1QhMc']))
    expect(error).toBeInstanceOf(YoutubeKeyInvalidError)
    expect(error).toMatchObject({ status: 400, reason: 'keyInvalid', endpoint: 'videos' })
    expect(fake().requestsTo('videos')).toHaveLength(1)
    expect(unitsReported).toEqual([{ units: 1, endpoint: 'videos' }])
  })

  it('turns the modern bad-key answer (ErrorInfo API_KEY_INVALID) into YoutubeKeyInvalidError', async () => {
    // Shape from gabe565/CastSponsorSkip#66 (see SOURCES.md): reason badRequest, the key problem in details[].
    fake().script('channels', {
      status: 400,
      body: { error: {
        code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT',
        errors: [{ message: 'API key not valid. Please pass a valid API key.', domain: 'global', reason: 'badRequest' }],
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', 'reason': 'API_KEY_INVALID', 'domain': 'googleapis.com', 'metadata': { service: 'youtube.googleapis.com' } }],
      } },
    })
    const error = await failureOf(connector().fetchChannels([CHANNEL.id]))
    expect(error).toBeInstanceOf(YoutubeKeyInvalidError)
    expect(error).toMatchObject({ reason: 'API_KEY_INVALID' })
  })

  it('reports a key the (fake) API does not know as YoutubeKeyInvalidError', async () => {
    const error = await failureOf(connector({ apiKey: 'someone-elses-key' }).fetchChannels([CHANNEL.id]))
    expect(error).toBeInstanceOf(YoutubeKeyInvalidError)
    expect(fake().requests[0]?.query.key).toBe('someone-elses-key')
  })

  it('makes no call without a key', async () => {
    const error = await failureOf(connector({ apiKey: '' }).fetchChannels([CHANNEL.id]))
    expect(error).toBeInstanceOf(YoutubeKeyInvalidError)
    expect(error).toMatchObject({ reason: 'keyMissing', status: null })
    expect(fake().requests).toHaveLength(0)
  })

  it('turns accessNotConfigured into YoutubeAccessNotConfiguredError', async () => {
    fake().script('playlistItems', { status: 403, body: readFixture('youtube-error.403.accessNotConfigured.json') })
    const error = await failureOf(connector().fetchUploads('UU0000000000000000000001'))
    expect(error).toBeInstanceOf(YoutubeAccessNotConfiguredError)
    expect(error).toMatchObject({ status: 403, reason: 'accessNotConfigured', endpoint: 'playlistItems' })
    expect(fake().requestsTo('playlistItems')).toHaveLength(1)
  })

  it('does not retry other 4xx answers and keeps their status and reason', async () => {
    fake().script('videos', { status: 404, body: { error: { code: 404, message: 'Requested entity was not found.', errors: [{ reason: 'notFound', domain: 'global' }] } } })
    const error = await failureOf(connector().fetchVideos(['a']))
    expect(error).toBeInstanceOf(YoutubeApiError)
    expect(error).toMatchObject({ status: 404, reason: 'notFound', message: 'YouTube videos answered 404 notFound: Requested entity was not found.' })
    expect(fake().requestsTo('videos')).toHaveLength(1)
  })

  it('keeps the key out of error messages', async () => {
    fake().script('channels', { destroySocket: true }, { destroySocket: true }, { destroySocket: true }, { destroySocket: true })
    const unreachable = await failureOf(connector().fetchChannels([CHANNEL.id]))
    fake().script('videos', { status: 400, body: readFixture('youtube-error.400.keyInvalid.json') })
    const refused = await failureOf(connector().fetchVideos(['a']))
    for (const error of [unreachable, refused]) {
      expect(error).toBeInstanceOf(YoutubeApiError)
      expect(String((error as Error).message)).not.toContain(TEST_KEY)
    }
  })
})

describe('YouTube API retries', () => {
  it('retries a 500 and succeeds, counting a unit for each answer', async () => {
    fake().addChannels([CHANNEL])
    fake().script('channels', { status: 500, body: { error: { code: 500, message: 'Backend Error', errors: [{ reason: 'backendError' }] } } })
    expect(await connector().fetchChannels([CHANNEL.id])).toEqual([expect.objectContaining({ id: CHANNEL.id })])
    expect(fake().requestsTo('channels')).toHaveLength(2)
    expect(unitsReported).toEqual([{ units: 1, endpoint: 'channels' }, { units: 1, endpoint: 'channels' }])
  })

  it('gives up after the shared number of retries with the last status', async () => {
    fake().script('videos', ...Array.from({ length: 5 }, () => ({ status: 503, body: 'Service Unavailable', contentType: 'text/plain' })))
    const error = await failureOf(connector().fetchVideos(['a']))
    expect(error).toBeInstanceOf(YoutubeApiError)
    expect(error).toMatchObject({ status: 503, reason: null })
    expect(fake().requestsTo('videos')).toHaveLength(4)
  })

  it('retries after the server drops the connection', async () => {
    fake().addChannels([CHANNEL])
    fake().script('channels', { destroySocket: true })
    expect(await connector().fetchChannels([CHANNEL.id])).toHaveLength(1)
    expect(fake().requestsTo('channels')).toHaveLength(2)
    expect(unitsReported).toEqual([{ units: 1, endpoint: 'channels' }])
  })

  it('retries an attempt that times out, with a fresh timeout for the next one', async () => {
    fake().addChannels([CHANNEL])
    fake().script('channels', { delayMs: 500, body: { items: [] } })
    expect(await connector({ timeoutMs: 100 }).fetchChannels([CHANNEL.id])).toHaveLength(1)
    expect(fake().requestsTo('channels')).toHaveLength(2)
  })

  it('reports a network failure that outlasts the retries as unreachable (status null)', async () => {
    fake().script('channels', ...Array.from({ length: 4 }, () => ({ destroySocket: true })))
    const error = await failureOf(connector().fetchChannels([CHANNEL.id]))
    expect(error).toBeInstanceOf(YoutubeApiError)
    expect(error).toMatchObject({ status: null, message: expect.stringMatching(/^YouTube channels could not be reached/) })
    expect(unitsReported).toEqual([])
  })

  it('waits the jittered backoff between attempts', async () => {
    fake().addChannels([CHANNEL])
    const failures = () => fake().script('channels', { status: 502 }, { status: 502 })
    failures()
    let started = performance.now()
    await connector({ retryBaseMs: 150, random: () => 1 }).fetchChannels([CHANNEL.id])
    // Full jitter at its top: 150 ms before the first retry, 300 ms before the second.
    expect(performance.now() - started).toBeGreaterThanOrEqual(440)
    failures()
    started = performance.now()
    await connector({ retryBaseMs: 150, random: () => 0 }).fetchChannels([CHANNEL.id])
    expect(performance.now() - started).toBeLessThan(440)
  })
})

describe('YouTube API answers of an unexpected shape', () => {
  it('fails clearly on a 200 missing what we rely on', async () => {
    fake().script('channels', { body: { items: [{ id: CHANNEL.id }] } })
    const error = await failureOf(connector().fetchChannels([CHANNEL.id]))
    expect(error).toBeInstanceOf(YoutubeUnexpectedResponseError)
    expect((error as Error).message).toMatch(/channels answered an unexpected shape[\s\S]*snippet/)
  })

  it('fails clearly on a 200 that is not JSON', async () => {
    fake().script('videos', { body: '<html>Sign in to continue</html>', contentType: 'text/html' })
    await expect(connector().fetchVideos(['a'])).rejects.toBeInstanceOf(YoutubeUnexpectedResponseError)
  })

  it('fails clearly on counts that are not numbers', async () => {
    fake().script('channels', { body: { items: [{ ...CHANNEL, statistics: { viewCount: 'many', hiddenSubscriberCount: false } }] } })
    await expect(connector().fetchChannels([CHANNEL.id])).rejects.toThrow(/statistics\.viewCount/)
  })
})
