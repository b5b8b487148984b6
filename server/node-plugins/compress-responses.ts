import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { LRUCache } from 'lru-cache'
import type { H3Event } from 'h3'

/**
 * Compresses HTML and JSON answers for clients that accept it (Node server only: on Cloudflare the
 * edge compresses). A Creator page is ~100 KB of HTML and ~15 KB brotli: on a phone that is the
 * difference between a fast and a slow first paint. Cached pages and API answers carry an ETag, so the
 * compressed bytes are kept by (encoding, ETag): a page served from the page cache is compressed once,
 * not on every request.
 */
const MIN_BYTES = 1024
const COMPRESSIBLE_TYPES = /^(?:text\/html|application\/json)\b/
/** Brotli quality 5: most of the gain of 11 at a fraction of the time (an uncached page pays it). */
const BROTLI_QUALITY = 5
const compressedByEtag = new LRUCache<string, Buffer>({ maxSize: 32 * 1024 * 1024, sizeCalculation: buffer => buffer.length })

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

type Encoding = 'br' | 'gzip'

/** br over gzip when both are accepted; q=0 refuses an encoding. */
export function preferredEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined
  const accepted = new Set(acceptEncoding.split(',').flatMap((part) => {
    const [name, ...parameters] = part.trim().toLowerCase().split(';')
    const refused = parameters.some(parameter => /^\s*q=0(?:\.0*)?\s*$/.test(parameter))
    return refused || !name ? [] : [name]
  }))
  if (accepted.has('br')) return 'br'
  if (accepted.has('gzip')) return 'gzip'
  return undefined
}

function compress(encoding: Encoding, body: string): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(body) } })
    : gzipAsync(body)
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
    if (res.getHeader('content-encoding') || !COMPRESSIBLE_TYPES.test(String(res.getHeader('content-type') ?? ''))) return
    // Nuxt renders an error page through an internal request carrying the visitor's headers, then
    // re-sends that body as text: it must stay uncompressed.
    if (event.node.req.headers['x-nuxt-error']) return
    addVaryAcceptEncoding(event)
    const encoding = preferredEncoding(event.node.req.headers['accept-encoding'])
    if (!encoding) return
    const etag = res.getHeader('etag')
    const key = etag ? `${encoding} ${etag}` : undefined
    let compressed = key ? compressedByEtag.get(key) : undefined
    if (!compressed) {
      compressed = await compress(encoding, body)
      if (key) compressedByEtag.set(key, compressed)
    }
    res.setHeader('content-encoding', encoding)
    res.removeHeader('content-length')
    response.body = compressed
  })
})
