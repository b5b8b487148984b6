/**
 * The embedded MongoDB-compatible server: zero-setup database for development, tests and small
 * installs. Node-only (TCP, files); load it with a dynamic import from Node-only code so that it
 * never lands in a Workers bundle.
 */
export { startEmbeddedMongo, type EmbeddedMongo, type EmbeddedMongoOptions } from './server.ts'
export { readRunningServerUri } from './storage/data-dir-lock.ts'
