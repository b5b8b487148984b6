// Nuxt configuration. Everything deploy-specific comes from NUXT_* environment variables at run time
// (runtimeConfig), except the Nitro preset, chosen at build time (NITRO_PRESET=cloudflare_module).
import { fileURLToPath } from 'node:url'
import { TASK_SCHEDULE } from './server/sync/task-schedule.ts'

const buildsForWorkers = process.env.NITRO_PRESET?.startsWith('cloudflare') ?? false
const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * The Workers build: the mongodb driver's optional native/cloud dependencies are aliased away (the
 * bundle must resolve everything), and wrangler's settings are generated from here, never kept by hand.
 */
/** The response cache: bounded in memory under Node (per process), Workers KV on Cloudflare (shared). */
const responseCache = buildsForWorkers
  ? { driver: 'cloudflare-kv-binding', binding: 'CACHE' }
  : { driver: fromRoot('./server/cache/parsed-lru-driver.ts'), max: 10_000, maxSize: 128 * 1024 * 1024 }
const rateLimitPerMinute = Number(process.env.NUXT_RATE_LIMIT_PER_MINUTE ?? 300)

const workersBuild = {
  alias: Object.fromEntries([
    'kerberos', '@mongodb-js/zstd', '@aws-sdk/credential-providers', 'gcp-metadata', 'snappy', 'socks', 'mongodb-client-encryption',
  ].map(name => [name, 'unenv/mock/empty'])),
  cloudflare: {
    deployConfig: true,
    nodeCompat: true,
    wrangler: {
      name: 'creatorino',
      compatibility_flags: ['nodejs_compat'],
      // CLOUDFLARE_KV_CACHE_ID at build time: the namespace made by `wrangler kv namespace create CACHE`.
      kv_namespaces: [{ binding: 'CACHE', id: process.env.CLOUDFLARE_KV_CACHE_ID || 'local-cache' }],
      // CLOUDFLARE_CUSTOM_DOMAIN at build time: a hostname on a zone of the account, served besides workers.dev.
      ...(process.env.CLOUDFLARE_CUSTOM_DOMAIN && { routes: [{ pattern: process.env.CLOUDFLARE_CUSTOM_DOMAIN, custom_domain: true }] }),
      // Cron Triggers from the same table as nitro.scheduledTasks: Nitro runs the tasks of the cron that fired.
      triggers: { crons: Object.keys(TASK_SCHEDULE) },
      // The Paid plan's most CPU per invocation (30 s by default): a sync run is mostly waiting on the
      // platforms and the database, and NUXT_TASK_TIME_BUDGET_MS ends it well before any limit.
      limits: { cpu_ms: 300_000 },
      // The API limiter (server/middleware/3.api-rate-limit.ts); Cloudflare allows periods of 10 or 60 s.
      ...(rateLimitPerMinute > 0 && {
        ratelimits: [{ name: 'API_RATE_LIMITER', namespace_id: '1001', simple: { limit: rateLimitPerMinute, period: 60 } }],
      }),
    },
  },
}

export default defineNuxtConfig({
  // Nuxt would silently switch to an app/ folder if one ever appeared; the layout is at the root.
  modules: ['@pinia/nuxt', '@nuxt/eslint'],
  devtools: { enabled: false },
  app: {
    head: {
      htmlAttrs: { lang: 'en' },
      titleTemplate: '%s · Creatorino',
      meta: [
        { name: 'description', content: 'YouTube and Twitch creator analytics: subscribers, views, growth, rankings and every upload, stream and milestone.' },
        { name: 'theme-color', content: '#4f46e5' },
      ],
      link: [{ rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }],
    },
  },
  css: ['~/assets/css/main.css'],

  runtimeConfig: {
    /** NUXT_MONGODB_URI: unset means the embedded server under $NUXT_DATA_DIR/mongo. */
    mongodbUri: '',
    mongodbDb: 'creatorino',
    dataDir: '.data',
    /** NUXT_DEMO: '' means "on with the embedded engine, off with an external URI". */
    demo: '',
    adminToken: '',
    /** The platform APIs (server only). Without a key or client id the matching sync tasks do nothing. */
    youtubeApiKey: '',
    youtubeApiBase: 'https://www.googleapis.com/youtube/v3',
    youtubeFeedBase: 'https://www.youtube.com/feeds',
    twitchClientId: '',
    twitchClientSecret: '',
    twitchApiBase: 'https://api.twitch.tv/helix',
    twitchAuthBase: 'https://id.twitch.tv',
    /** Push callbacks: the WebSub subscription secret and the EventSub webhook secret (10-100 characters). */
    websubSecret: '',
    twitchEventsubSecret: '',
    /** NUXT_WEBSUB_HUB_URL: where push:subscribe sends WebSub (un)subscriptions (tests point it at a fake hub). */
    websubHubUrl: 'https://pubsubhubbub.appspot.com/subscribe',
    /**
     * NUXT_TASK_TIME_BUDGET_MS: a scheduled task run stops after this long and is recorded 'partial'; the
     * next run goes on. 0: no limit (Node). On Workers 10 minutes, within a Cron Trigger's 15.
     */
    taskTimeBudgetMs: buildsForWorkers ? 600_000 : 0,
    /** NUXT_CORS_ORIGINS: comma-separated origins allowed to call the API; empty means any. */
    corsOrigins: '',
    /** NUXT_RATE_LIMIT_PER_MINUTE: requests per minute per client on /api/**; 0 turns the limiter off. */
    rateLimitPerMinute: 300,
    public: {
      siteUrl: 'http://localhost:3000',
    },
  },
  srcDir: '.',
  alias: {
    // The embedded server needs TCP and files: Node only. Workers get a module that explains instead.
    '#embedded-mongo': fromRoot(buildsForWorkers
      ? './server/embedded-mongo/unavailable-on-workers.ts'
      : './server/embedded-mongo/index.ts'),
  },
  // Rendered pages are cached like the data they show (server/utils/api-cache.ts purges them with it):
  // server rendering costs ~25x a JSON answer, so a cached page is what keeps the site fast under load.
  // Not under `nuxt dev` (NODE_ENV=development there): a cached page would hide the edit just made.
  routeRules: process.env.NODE_ENV === 'development'
    ? {}
    : {
        '/': { swr: 900 },
        '/trending': { swr: 3600 },
        '/top': { swr: 1800 },
        '/activity': { swr: 900 },
        '/creators/**': { swr: 1800 },
      },
  // Nuxt would fetch a cached page's data as /<path>/_payload.json on client navigation; that file
  // ignores the query, so /trending?category=music would show the default ranking. Client-side
  // navigation calls the API through the stores instead.
  experimental: {
    payloadExtraction: false,
    // Page chunks load when a link is hovered, focused or touched, not whenever one scrolls into view:
    // a phone on a Creator page would otherwise download every page of the site it links to.
    defaults: { nuxtLink: { prefetchOn: { visibility: false, interaction: true } } },
    // The app manifest takes route rules to the browser; ours (page-cache TTLs) only matter on the
    // server, so its client plugin and the manifest request on every first load are dead weight.
    // (A new deployment is still picked up: a missing chunk reloads the page.)
    appManifest: false,
  },
  compatibilityDate: '2026-11-01',

  nitro: {
    experimental: { tasks: true },
    scheduledTasks: TASK_SCHEDULE,
    // Build-time .gz/.br copies of the JS and CSS: served to browsers that accept them, no CPU per request.
    compressPublicAssets: { gzip: true, brotli: true },
    storage: { cache: responseCache },
    // Node only: Cloudflare's edge compresses responses itself.
    plugins: buildsForWorkers ? [] : ['~~/server/node-plugins/encoded-response-bodies.ts'],
    devStorage: { cache: responseCache },
    ...(buildsForWorkers ? workersBuild : {}),
  },

  vite: {
    // Every component uses <script setup>: the Options API's runtime is dead weight in the bundle.
    vue: { features: { optionsAPI: false } },
  },
  typescript: {
    strict: true,
    // Node-side code outside server/ (CLI tests, e2e, browser tests, benchmarks) is checked with Node's
    // types in the node project, not with the browser app's.
    tsConfig: { exclude: ['../tests/unit', '../tests/embedded-mongo', '../tests/e2e', '../tests/browser', '../bench', '../vitest.config.ts'] },
    nodeTsConfig: {
      compilerOptions: { types: ['node'] },
      include: ['../tests/unit/**/*', '../tests/embedded-mongo/**/*', '../tests/e2e/**/*', '../tests/browser/**/*', '../bench/**/*', '../vitest.config.ts'],
    },
  },

  hooks: {
    // No <link rel="prefetch"> for lazy chunks (chart.js, the lazily hydrated timeline): the browser
    // would download them at idle on every first load. They load when needed (the chart near the
    // viewport, the timeline scrolled to), and other pages' code on hover or touch of a link.
    'build:manifest': (manifest) => {
      for (const chunk of Object.values(manifest)) chunk.prefetch = false
    },
  },
  eslint: { config: { stylistic: true } },
})
