import { readFileSync, globSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SCHEDULED_TASK_WORK } from '../../../server/cli/scheduled-task-work.ts'
import { taskSettingsFromEnv } from '../../../server/cli/task-settings-from-env.ts'
import { SCHEDULED_TASK_NAMES } from '../../../server/sync/task-schedule.ts'

describe('SCHEDULED_TASK_WORK (what npm run task runs without a server)', () => {
  it('covers every scheduled task and every Nitro task, and nothing else', () => {
    const nitroTaskNames = globSync('server/tasks/**/*.ts').map(file => /meta:\s*\{\s*name:\s*'([^']+)'/.exec(readFileSync(file, 'utf8'))?.[1])
    expect(Object.keys(SCHEDULED_TASK_WORK).sort()).toEqual(SCHEDULED_TASK_NAMES)
    expect(nitroTaskNames.sort()).toEqual(SCHEDULED_TASK_NAMES)
  })

  it.each([
    ['youtube:sync', {}, 'NUXT_YOUTUBE_API_KEY is not set'],
    ['twitch:live', { NUXT_TWITCH_CLIENT_ID: 'id' }, 'NUXT_TWITCH_CLIENT_ID and NUXT_TWITCH_CLIENT_SECRET are not set'],
    ['push:subscribe', {}, 'NUXT_PUBLIC_SITE_URL "http://localhost:3000" is not an https URL the hubs can call back'],
  ])('%s with %j: not configured', (task, env, reason) => {
    expect(SCHEDULED_TASK_WORK[task]!(taskSettingsFromEnv(env))).toEqual({ notConfigured: reason })
  })

  it.each([
    ['youtube:uploads', { NUXT_YOUTUBE_API_KEY: 'key' }],
    ['twitch:sync', { NUXT_TWITCH_CLIENT_ID: 'id', NUXT_TWITCH_CLIENT_SECRET: 'secret' }],
    ['stats:aggregate', {}],
    ['push:subscribe', { NUXT_PUBLIC_SITE_URL: 'https://creatorino.example', NUXT_WEBSUB_SECRET: 'secret', NUXT_YOUTUBE_API_KEY: 'key' }],
  ])('%s with %j: work to run', (task, env) => {
    expect(SCHEDULED_TASK_WORK[task]!(taskSettingsFromEnv(env))).toEqual({ work: expect.any(Function) })
  })
})
