import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared production build's buildDir; its server is `<dir>/output/server/index.mjs`. */
    builtServerDir: string
  }
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

function build(buildDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Node 24 explicitly (process.execPath): npx on PATH could find the system's older Node.
    const child = spawn(process.execPath, [join(ROOT, 'tests/e2e/build-node-server.ts'), ROOT, buildDir], { cwd: ROOT, env: { ...process.env, NUXT_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    child.on('error', reject)
    child.on('exit', code => code === 0 ? resolve() : reject(new Error(`the Node build failed (exit ${code}):\n${output}`)))
  })
}

interface SharedBuild {
  dir: string
  ready: Promise<void>
  users: number
  /** A watch-mode rerun's rebuild, shared by the projects that asked for it at once. */
  rebuilding?: Promise<void>
}

const shared = globalThis as { creatorinoBuiltServer?: SharedBuild }

/**
 * Global setup of the `e2e` and `browser` projects: every suite that starts the built Node server
 * (tests/e2e/built-app.ts) starts this one build, made once per run instead of once per suite (about
 * 25 s each on two cores). Global setups run in vitest's main process, so both projects find the same
 * build through globalThis. Outside .nuxt, which the Workers suite's `nuxt build` clears. In watch
 * mode each rerun rebuilds it first, so the suites see the code as edited.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!shared.creatorinoBuiltServer) {
    // Synchronously, so that a second setup can never start a second build.
    const dir = mkdtempSync(join(tmpdir(), 'creatorino-built-server-'))
    shared.creatorinoBuiltServer = { dir, ready: build(dir), users: 0 }
  }
  const current = shared.creatorinoBuiltServer
  current.users++
  await current.ready
  project.provide('builtServerDir', current.dir)
  project.onTestsRerun(async () => {
    current.rebuilding ??= build(current.dir).finally(() => {
      current.rebuilding = undefined
    })
    await current.rebuilding
  })
  return async () => {
    if (--current.users > 0) return
    shared.creatorinoBuiltServer = undefined
    await rm(current.dir, { recursive: true, force: true })
  }
}
