import { buildNuxt, loadNuxt } from 'nuxt/kit'

/**
 * `node tests/e2e/build-node-server.ts <rootDir> <buildDir>`: the production Node build, as
 * @nuxt/test-utils makes it (its buildDir and nitro output overridden), but once for all the suites
 * that start the built server (tests/e2e/built-server-build.ts).
 */
const [rootDir, buildDir] = process.argv.slice(2)
if (!rootDir || !buildDir) throw new Error('usage: build-node-server.ts <rootDir> <buildDir>')
const nuxt = await loadNuxt({ cwd: rootDir, dev: false, overrides: { buildDir, nitro: { output: { dir: `${buildDir}/output` } } } })
await buildNuxt(nuxt)
await nuxt.close()
