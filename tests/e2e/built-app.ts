import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { $fetch, setup } from '@nuxt/test-utils/e2e'
import { afterAll, expect, inject } from 'vitest'

/**
 * Starts the built Node server (built once per run: tests/e2e/built-server-build.ts) for the
 * enclosing describe, on a data directory of its own (removed afterwards), with the embedded engine
 * unless `env` says otherwise. Returns that directory.
 */
export async function setupBuiltApp(env: Record<string, string> = {}): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'creatorino-app-'))
  afterAll(() => rm(dataDir, { recursive: true, force: true }))
  await setup({
    rootDir: fileURLToPath(new URL('../..', import.meta.url)),
    build: false,
    buildDir: inject('builtServerDir'),
    server: true,
    // The limiter is off unless a test is about it: suites make hundreds of requests from one address.
    env: { NUXT_DATA_DIR: dataDir, NUXT_MONGODB_URI: '', NUXT_DEMO: '', NUXT_RATE_LIMIT_PER_MINUTE: '0', ...env },
  })
  return dataDir
}

/** The first start fills the demo world in the background; /api/health says `ok` once it is there. */
export async function waitForDemoWorld(): Promise<void> {
  await expect.poll(async () => (await $fetch<{ status: string }>('/api/health')).status, { timeout: 150_000, interval: 1000 }).toBe('ok')
}
