import { request } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { url } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'

interface RawAnswer { status: number, headers: Record<string, string | string[] | undefined>, body: Buffer }

/** One GET with exactly these headers, body as sent (fetch would ask for and undo compression itself). */
function rawGet(path: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    request(url(path), { headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', chunk => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }))
      response.on('error', reject)
    }).on('error', reject).end()
  })
}

/** HTML pages and API answers travel compressed to clients that accept it, and byte-identical to others. */
export function describeCompression() {
  describe('compressed answers', () => {
    for (const path of ['/', '/activity', '/api/creators?limit=50']) {
      it(`sends ${path} as brotli or gzip when accepted, identical once decompressed`, async () => {
        const plain = await rawGet(path, {})
        expect(plain.status).toBe(200)
        expect(plain.headers['content-encoding']).toBeUndefined()
        expect(plain.headers.vary).toMatch(/accept-encoding/i)

        const brotli = await rawGet(path, { 'accept-encoding': 'gzip, deflate, br' })
        expect(brotli.headers['content-encoding']).toBe('br')
        expect(brotli.body.length).toBeLessThan(plain.body.length / 3)
        expect(brotliDecompressSync(brotli.body).equals(plain.body)).toBe(true)

        const gzip = await rawGet(path, { 'accept-encoding': 'gzip;q=1.0, br;q=0' })
        expect(gzip.headers['content-encoding']).toBe('gzip')
        expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true)
      })
    }

    it('sends the 404 page readable to a browser that accepts compression', async () => {
      const missing = await rawGet('/creators/no-such-creator-here', { 'accept-encoding': 'gzip, deflate, br' })
      expect(missing.status).toBe(404)
      const encoding = missing.headers['content-encoding']
      const body = encoding === 'br' ? brotliDecompressSync(missing.body) : encoding === 'gzip' ? gunzipSync(missing.body) : missing.body
      expect(body.toString()).toContain('</html>')
    })

    it('answers a revalidation with 304 and no body, compressed or not', async () => {
      const first = await rawGet('/activity', { 'accept-encoding': 'br' })
      const again = await rawGet('/activity', { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) })
      expect(again.status).toBe(304)
      expect(again.body.length).toBe(0)
    })
  })
}
