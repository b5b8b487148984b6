import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { LRUCache } from 'lru-cache'
import type { H3Event } from 'h3'

/**
 * Sends HTML and JSON answers as bytes encoded once per version (Node server only: on Cloudflare the
 * edge compresses):
 * - compressed (brotli, else gzip) for clients that accept it: a Creator page is ~100 KB of HTML and
 *   ~13 KB brotli, the difference between a fast and a slow first paint on a phone;
 * - as UTF-8 bytes otherwise: sending a cached page as a string cost more than everything else the
 *   server did for it (measured: 65 % of a warm page's CPU went to measuring and encoding the string).
 * Cached pages and API answers carry an ETag, so the bytes are kept by (encoding, ETag) and a page
 * served from the page cache is encoded once, not on every request.
 */
const MIN_BYTES = 1024
const ENCODED_TYPES = /^(?:text\/html|application\/json)\b/
/** Brotli quality 5: most of the gain of 11 at a fraction of the time (an uncached page pays it). */
const BROTLI_QUALITY = 5
const bodiesByEtag = new LRUCache<string, Buffer>({ maxSize: 64 * 1024 * 1024, sizeCalculation: buffer => buffer.length })

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

type Encoding = 'br' | 'gzip' | 'identity'

/** br over gzip when both are accepted; q=0 refuses an encoding. */
export function preferredEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity'
  const accepted = new Set(acceptEncoding.split(',').flatMap((part) => {
    const [name, ...parameters] = part.trim().toLowerCase().split(';')
    const refused = parameters.some(parameter => /^\s*q=0(?:\.0*)?\s*$/.test(parameter))
    return refused || !name ? [] : [name]
  }))
  if (accepted.has('br')) return 'br'
  if (accepted.has('gzip')) return 'gzip'
  return 'identity'
}

async function encode(encoding: Encoding, body: string): Promise<Buffer> {
  if (encoding === 'br') return brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(body) } })
  if (encoding === 'gzip') return gzipAsync(body)
  return Buffer.from(body)
}

function addVaryAcceptEncoding(event: H3Event): void {
  const vary = String(event.node.res.getHeader('vary') ?? '')
  if (!/\baccept-encoding\b/i.test(vary)) event.node.res.setHeader('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding')
}

export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('beforeResponse', async (event, response) => {
    const body = response.body
    const res = event.node.res
    if (typeof body !== 'string' || body.length < MIN_BYTES || event.method === 'HEAD' || res.headersSent) return
    if (res.getHeader('content-encoding') || !ENCODED_TYPES.test(String(res.getHeader('content-type') ?? ''))) return
    // Nuxt renders an error page through an internal request carrying the visitor's headers, then
    // re-sends that body as text: it must stay a plain string.
    if (event.node.req.headers['x-nuxt-error']) return
    addVaryAcceptEncoding(event)
    const encoding = preferredEncoding(event.node.req.headers['accept-encoding'])
    const etag = res.getHeader('etag')
    // Without an ETag the answer is not cached: a string is sent as it is, only compression pays.
    if (!etag && encoding === 'identity') return
    const key = etag ? `${encoding} ${etag}` : undefined
    let encoded = key ? bodiesByEtag.get(key) : undefined
    if (!encoded) {
      encoded = await encode(encoding, body)
      if (key) bodiesByEtag.set(key, encoded)
    }
    if (encoding !== 'identity') res.setHeader('content-encoding', encoding)
    res.setHeader('content-length', encoded.length)
    response.body = encoded
  })
})
