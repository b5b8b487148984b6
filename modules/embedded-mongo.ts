import { resolve } from 'node:path'
import { defineNuxtModule, useLogger } from '@nuxt/kit'
import { readRunningServerUri, startEmbeddedMongo } from '../server/embedded-mongo/index.ts'

/**
 * `nuxt dev` without NUXT_MONGODB_URI: start the embedded MongoDB-compatible server once per dev
 * session, here in the Nuxt process rather than in Nitro's dev worker (which reloads on every server
 * change). The worker finds it through `$NUXT_DATA_DIR/mongo/uri`, as CLIs do.
 */
export default defineNuxtModule({
  meta: { name: 'creatorino-embedded-mongo' },
  async setup(_options, nuxt) {
    if (!nuxt.options.dev || nuxt.options._prepare || process.env.NUXT_MONGODB_URI) return
    const logger = useLogger('embedded-mongo')
    const dataDir = resolve(nuxt.options.rootDir, process.env.NUXT_DATA_DIR || '.data', 'mongo')
    const running = await readRunningServerUri(dataDir)
    if (running) {
      logger.info(`Using the embedded MongoDB server already running at ${running}`)
      return
    }
    const server = await startEmbeddedMongo({ dataDir, log: message => logger.warn(message) })
    logger.success(`Embedded MongoDB server at ${server.uri} (data in ${dataDir}); open it with mongosh or Compass`)
    nuxt.hook('close', () => server.stop())
  },
})
