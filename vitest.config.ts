import { defineVitestProject } from '@nuxt/test-utils/config'
import { defineConfig } from 'vitest/config'

/**
 * Four projects, one per kind of test: `unit` (plain Node: the embedded server, the domain), `nuxt`
 * (components and stores in a Nuxt environment), `e2e` (the built server over real HTTP) and
 * `browser` (Debian's Chromium through playwright-core). `npx vitest run --project unit` runs one.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts', 'tests/embedded-mongo/**/*.test.ts'], environment: 'node' },
      },
      await defineVitestProject({
        test: { name: 'nuxt', include: ['tests/nuxt/**/*.test.ts'], environment: 'nuxt' },
      }),
      {
        extends: true,
        test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], environment: 'node', fileParallelism: false },
      },
      {
        extends: true,
        test: { name: 'browser', include: ['tests/browser/**/*.test.ts'], environment: 'node', fileParallelism: false },
      },
    ],
  },
})
