import { findSitemapCreators } from '../queries/sitemap-creators.ts'

const STATIC_PAGES = ['/', '/trending', '/activity', '/top']

const escapeXml = (text: string) => text.replace(/[&<>'"]/g, char => `&#${char.charCodeAt(0)};`)

/** The site's pages for search engines: the fixed pages and every creator's page, cached for an hour. */
export default defineCachedEventHandler(async (event) => {
  const siteUrl = useRuntimeConfig().public.siteUrl.replace(/\/+$/, '')
  const creators = await readDatabase(event, findSitemapCreators)
  const urls = [
    ...STATIC_PAGES.map(path => `<url><loc>${escapeXml(siteUrl + path)}</loc><changefreq>hourly</changefreq></url>`),
    ...creators.map(creator => `<url><loc>${escapeXml(`${siteUrl}/creators/${creator.slug}`)}</loc><lastmod>${creator.metadata.lastUpdated.toISOString()}</lastmod></url>`),
  ]
  setResponseHeader(event, 'Content-Type', 'application/xml; charset=utf-8')
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`
}, { name: 'sitemap', maxAge: 3600, swr: true })
