import { describe, expect, it } from 'vitest'
import { uploadsPlaylistIdOf } from '../../../../server/platforms/youtube/index.ts'
import { playlistItem, readFixture } from './fake-youtube-data.ts'
import { useFakeYoutube } from './use-fake-youtube.ts'

const { fake, connector, unitsReported } = useFakeYoutube()
const UPLOADS = 'UU_x5XG1OV2P6uZZ5FSM9Ttw'

/** `count` uploads, one a day, newest first: upload-0 on 1 March 2026, upload-1 the day before… */
function dailyUploads(count: number) {
  return Array.from({ length: count }, (_, n) => playlistItem(`upload-${n}`, new Date(Date.UTC(2026, 2, 1 - n, 15)).toISOString()))
}

describe('fetchUploads', () => {
  it('reads the real uploads playlist answer and follows its nextPageToken', async () => {
    fake().handle('playlistItems', ({ query }) => ({
      body: readFixture(query.pageToken === 'EAAaBlBUOkNBVQ' ? 'youtube-playlistItems.list.uploads.no_token.json' : 'youtube-playlistItems.list.uploads.json'),
    }))
    const { uploads, morePages } = await connector().fetchUploads(UPLOADS, { maxPages: 5 })
    expect(uploads).toHaveLength(10)
    expect(uploads[0]).toEqual({ videoId: 'wysukDrMdqU', title: 'What\'s new in Google Home in less than 1 minute', publishedAt: new Date('2023-05-11T00:20:46Z') })
    expect(uploads[5]).toMatchObject({ videoId: 'UZ4n1n13crI', publishedAt: new Date('2023-07-21T19:00:27Z') })
    expect(morePages).toBe(false)
    const queries = fake().requestsTo('playlistItems').map(request => request.query)
    expect(queries).toEqual([
      { part: 'snippet,contentDetails', playlistId: UPLOADS, maxResults: '50', key: expect.any(String) },
      { part: 'snippet,contentDetails', playlistId: UPLOADS, maxResults: '50', pageToken: 'EAAaBlBUOkNBVQ', key: expect.any(String) },
    ])
    expect(unitsReported).toEqual([{ units: 1, endpoint: 'playlistItems' }, { units: 1, endpoint: 'playlistItems' }])
  })

  it('reads snippet-only pages (the real paged pair), dating uploads by snippet.publishedAt', async () => {
    fake().handle('playlistItems', ({ query }) => ({
      body: readFixture(query.pageToken === 'CAoQAA' ? 'youtube-playlistItems.list.paged_2.json' : 'youtube-playlistItems.list.paged_1.json'),
    }))
    const { uploads } = await connector().fetchUploads('PLOU2XLYxmsIKpaV8h0AGE05so0fAwwfTw', { maxPages: 3 })
    expect(uploads).toHaveLength(13)
    expect(uploads[0]).toMatchObject({ videoId: 'CvTApw9X8aA', publishedAt: new Date('2019-11-21T22:17:43Z') })
    expect(uploads[12]).toMatchObject({ videoId: 'Fu2bldybpkA' })
    expect(fake().requestsTo('playlistItems')).toHaveLength(2)
  })

  it('pages until it reaches the since date and keeps only what is newer', async () => {
    fake().setPlaylist(UPLOADS, dailyUploads(200))
    const since = new Date(Date.UTC(2026, 2, 1 - 70, 15))
    const { uploads, morePages } = await connector().fetchUploads(UPLOADS, { since, maxPages: 10 })
    expect(uploads.map(upload => upload.videoId)).toEqual(Array.from({ length: 71 }, (_, n) => `upload-${n}`))
    expect(morePages).toBe(false)
    expect(fake().requestsTo('playlistItems').map(request => request.query.pageToken)).toEqual([undefined, 'page-50'])
  })

  it('stops after one page by default, and says more pages exist', async () => {
    fake().setPlaylist(UPLOADS, dailyUploads(120))
    const { uploads, morePages } = await connector().fetchUploads(UPLOADS)
    expect(uploads).toHaveLength(50)
    expect(morePages).toBe(true)
    expect(fake().requestsTo('playlistItems')).toHaveLength(1)
  })

  it('stops at maxPages before the since date', async () => {
    fake().setPlaylist(UPLOADS, dailyUploads(200))
    const { uploads, morePages } = await connector().fetchUploads(UPLOADS, { since: new Date('2020-01-01'), maxPages: 2 })
    expect(uploads).toHaveLength(100)
    expect(morePages).toBe(true)
  })

  it('reads a playlist to its end when nothing stops it earlier', async () => {
    fake().setPlaylist(UPLOADS, dailyUploads(120))
    const { uploads, morePages } = await connector().fetchUploads(UPLOADS, { maxPages: 10 })
    expect(uploads).toHaveLength(120)
    expect(morePages).toBe(false)
    expect(fake().requestsTo('playlistItems')).toHaveLength(3)
  })

  it('gives no uploads for a channel that never uploaded (its uploads playlist answers 404 playlistNotFound)', async () => {
    expect(await connector().fetchUploads(UPLOADS)).toEqual({ uploads: [], morePages: false })
    expect(fake().requestsTo('playlistItems')).toHaveLength(1)
    expect(unitsReported).toEqual([{ units: 1, endpoint: 'playlistItems' }])
  })

  it('refuses a maxPages below 1', async () => {
    await expect(connector().fetchUploads(UPLOADS, { maxPages: 0 })).rejects.toBeInstanceOf(RangeError)
  })
})

describe('uploadsPlaylistIdOf', () => {
  it('turns the channel id into its uploads playlist id', () => {
    expect(uploadsPlaylistIdOf('UC_x5XG1OV2P6uZZ5FSM9Ttw')).toBe(UPLOADS)
    expect(() => uploadsPlaylistIdOf('PLOU2XLYxmsIKpaV8h0AGE05so0fAwwfTw')).toThrow(/Not a YouTube channel id/)
  })
})
