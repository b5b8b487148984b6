import { parseArgs } from 'node:util'
import { CREATOR_CATEGORIES } from '../../shared/vocabulary.ts'
import { platformOfAccount } from './account-reference.ts'
import { cliEnvironment } from './cli-environment.ts'
import { elapsedReporter } from './progress-reporter.ts'
import { runCommandLine, UsageError } from './command-line.ts'
import { callAdminApi, throughServerOrHere } from './running-server.ts'
import { taskSettingsFromEnv } from './task-settings-from-env.ts'

const USAGE = `Usage: npm run creators:track -- <account>… [--youtube <channel>] [--twitch <login>]
                                  [--category <category>] [--json] [--url <server>] [--direct]

Starts tracking a creator: looks its accounts up on YouTube and Twitch, adds it with today's figures,
and prints its page. An account is a YouTube channel URL, @handle or UC… id, or a Twitch URL; give a
bare Twitch login with --twitch. Two accounts (one per platform) make one creator.
When a Creatorino server answers (http://localhost:$PORT, else NUXT_PUBLIC_SITE_URL), this goes
through its admin API with NUXT_ADMIN_TOKEN, so its caches see the creator at once; otherwise it
works here, on the database the app would use, with the NUXT_YOUTUBE_* and NUXT_TWITCH_* keys.

  --category <c>  ${CREATOR_CATEGORIES.join(', ')} (default entertainment)
  --json          print the answer as JSON ({ creatorId, slug, url, status })
  --url <server>  go through this server only (an error when it does not answer)
  --direct        work here even when a server answers

Exit code: 0 tracked, 1 refused or failed, 2 bad usage.`

interface TrackCommand {
  request: { youtube?: string, twitch?: string, category: (typeof CREATOR_CATEGORIES)[number] }
  json: boolean
  url?: string
  direct: boolean
}

interface TrackAnswer {
  creatorId: string
  slug: string
  url: string
  status: 'created' | 'updated' | 'unchanged'
}

function parseCommand(args: string[]): TrackCommand | 'help' {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        youtube: { type: 'string' }, twitch: { type: 'string' }, category: { type: 'string' },
        json: { type: 'boolean' }, url: { type: 'string' }, direct: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    })
  }
  catch (error) {
    throw new UsageError((error as Error).message)
  }
  const { values, positionals } = parsed
  if (values.help) return 'help'
  const accounts: { youtube?: string, twitch?: string } = { youtube: values.youtube, twitch: values.twitch }
  for (const account of positionals) {
    const platform = platformOfAccount(account)
    if (!platform) throw new UsageError(`"${account}" is neither a YouTube nor a Twitch account: give a channel URL, @handle or UC… id, a twitch.tv URL, or --twitch <login>.`)
    if (accounts[platform]) throw new UsageError(`Two ${platform} accounts (${accounts[platform]}, ${account}): one creator has one account per platform.`)
    accounts[platform] = account
  }
  if (!accounts.youtube && !accounts.twitch) throw new UsageError('Which creator? Give a YouTube or Twitch account.')
  const category = values.category ?? 'entertainment'
  if (!(CREATOR_CATEGORIES as readonly string[]).includes(category)) throw new UsageError(`Unknown category "${category}".`)
  if (values.url !== undefined && !/^https?:$/.test(URL.parse(values.url)?.protocol ?? '')) throw new UsageError(`--url must be an http(s) URL, not "${values.url}".`)
  if (values.url !== undefined && values.direct) throw new UsageError('--url and --direct exclude each other.')
  return {
    request: { ...accounts, category: category as TrackCommand['request']['category'] },
    json: values.json ?? false,
    url: values.url?.replace(/\/+$/, ''),
    direct: values.direct ?? false,
  }
}

/** Through the running server's admin API when there is one that takes it; else here, on the database. */
function track({ request, url, direct }: TrackCommand, env: NodeJS.ProcessEnv): Promise<{ answer: TrackAnswer, site: string }> {
  const accounts = [request.youtube, request.twitch].filter(Boolean).join(' and ')
  return throughServerOrHere({
    env, url, direct, doing: 'tracking',
    throughServer: async (server) => {
      const progress = elapsedReporter(`Looking up ${accounts} through ${server.url}`)
      try {
        return { answer: await callAdminApi<TrackAnswer>(server, 'POST', '/api/admin/creators', request), site: server.url }
      }
      finally {
        progress.stop()
      }
    },
    here: async () => {
      // Loaded only here: the driver and the pipeline are most of the start-up time.
      const [{ openCliDatabase }, { trackCreatorDirectly }] = await Promise.all([import('./open-cli-database.ts'), import('./track-creator-directly.ts')])
      const database = await openCliDatabase(env)
      const progress = elapsedReporter(`Looking up ${accounts} for ${database.description}`)
      try {
        const answer = await trackCreatorDirectly(database.db, request, taskSettingsFromEnv(env))
        return { answer, site: env.NUXT_PUBLIC_SITE_URL || `http://localhost:${env.NITRO_PORT || env.PORT || '3000'}` }
      }
      finally {
        progress.stop()
        await database.close()
      }
    },
  })
}

const STATUS_LINES: Record<TrackAnswer['status'], string> = {
  created: 'Now tracked',
  updated: 'Already tracked; its profile was brought up to date',
  unchanged: 'Already tracked',
}

async function run(command: TrackCommand): Promise<number> {
  const { answer, site } = await track(command, cliEnvironment())
  console.log(command.json
    ? JSON.stringify(answer, null, 2)
    : `${STATUS_LINES[answer.status]}: ${site.replace(/\/+$/, '')}${answer.url} (${answer.creatorId}). Uploads and streams follow with the next sync runs (npm run task -- youtube:sync).`)
  return 0
}

// TrackingInputError (the request), PlatformLookupError (the platform), AdminApiError (the server): each says what went wrong.
await runCommandLine('creators:track', USAGE, parseCommand, run)
