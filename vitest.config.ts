import { defineVitestProject } from '@nuxt/test-utils/config'
import { defineConfig } from 'vitest/config'

/**
 * Four projects, one per kind of test: `unit` (plain Node: the embedded server, the domain), `nuxt`
 * (components and stores in a Nuxt environment), `e2e` (the built server over real HTTP) and
 * `browser` (Debian's Chromium through playwright-core). `npx vitest run --project unit` runs one.
 * The server-building projects run after the others (groupOrder): on two cores, overlapping them
 * with the unit suites only makes both slower and the server start-up timeouts flaky. Their suites
 * share one production build (tests/e2e/built-server-build.ts).
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts', 'tests/embedded-mongo/**/*.test.ts'], environment: 'node', sequence: { groupOrder: 0 } },
      },
      await defineVitestProject({
        test: { name: 'nuxt', include: ['tests/nuxt/**/*.test.ts'], environment: 'nuxt', sequence: { groupOrder: 0 } },
      }),
      {
        extends: true,
        test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], globalSetup: ['tests/e2e/built-server-build.ts'], environment: 'node', fileParallelism: false, sequence: { groupOrder: 1 } },
      },
      {
        extends: true,
        test: { name: 'browser', include: ['tests/browser/**/*.test.ts'], globalSetup: ['tests/e2e/built-server-build.ts'], environment: 'node', fileParallelism: false, sequence: { groupOrder: 2 } },
      },
    ],
  },
})
