import { parseArgs } from 'node:util'
import { SCHEDULED_TASK_NAMES } from '../sync/task-schedule.ts'
import { cliEnvironment } from './cli-environment.ts'
import { elapsedReporter } from './progress-reporter.ts'
import { runCommandLine, UsageError } from './command-line.ts'
import { callAdminApi, throughServerOrHere } from './running-server.ts'
import { describeTaskAnswer, exitCodeOf, taskAnswerSchema } from './task-answer.ts'
import { taskSettingsFromEnv } from './task-settings-from-env.ts'

const USAGE = `Usage: npm run task -- <name> [--json] [--url <server>] [--direct]

Runs a scheduled task now. When a Creatorino server answers (http://localhost:$PORT, else
NUXT_PUBLIC_SITE_URL), through its admin API with NUXT_ADMIN_TOKEN, so its caches see the change at
once; otherwise here, on the database the app would use, under the same lock as the schedule.

  --json          print the answer as JSON ({ task, run }, as the admin API gives it)
  --url <server>  go through this server only (an error when it does not answer)
  --direct        run here even when a server answers

Tasks: ${SCHEDULED_TASK_NAMES.join(', ')}
Exit code: 0 done, 1 failed, skipped or not configured, 2 bad usage.`

interface TaskCommand {
  task: string
  json: boolean
  url?: string
  direct: boolean
}

function parseCommand(args: string[]): TaskCommand | 'help' {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, url: { type: 'string' }, direct: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    })
  }
  catch (error) {
    throw new UsageError((error as Error).message)
  }
  const { values, positionals } = parsed
  if (values.help) return 'help'
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'Which task? Give its name.' : `One task at a time, not ${positionals.join(' ')}.`)
  const [task] = positionals as [string]
  if (!SCHEDULED_TASK_NAMES.includes(task)) throw new UsageError(`Unknown task "${task}".`)
  if (values.url !== undefined && !/^https?:$/.test(URL.parse(values.url)?.protocol ?? '')) throw new UsageError(`--url must be an http(s) URL, not "${values.url}".`)
  if (values.url !== undefined && values.direct) throw new UsageError('--url and --direct exclude each other.')
  return { task, json: values.json ?? false, url: values.url?.replace(/\/+$/, ''), direct: values.direct ?? false }
}

/** Through the running server's admin API when there is one that takes it; else here, on the database. */
function runTask({ task, url, direct }: TaskCommand, env: NodeJS.ProcessEnv): Promise<{ answer: unknown, where: string }> {
  return throughServerOrHere({
    env, url, direct, doing: `running ${task}`,
    throughServer: async (server) => {
      const progress = elapsedReporter(`Running ${task} through ${server.url}`)
      try {
        return { answer: await callAdminApi(server, 'POST', `/api/admin/tasks/${task}`), where: `through ${server.url}` }
      }
      finally {
        progress.stop()
      }
    },
    here: async () => {
      // Loaded only here: the driver and the whole pipeline are most of the start-up time, and neither
      // a usage error nor a run through the server needs them.
      const [{ openCliDatabase }, { runTaskDirectly }] = await Promise.all([import('./open-cli-database.ts'), import('./run-task-directly.ts')])
      const database = await openCliDatabase(env)
      const progress = elapsedReporter(`Running ${task} on ${database.description}`)
      try {
        return { answer: { task, run: await runTaskDirectly(database.db, task, taskSettingsFromEnv(env)) }, where: `on ${database.description}` }
      }
      finally {
        progress.stop()
        await database.close()
      }
    },
  })
}

async function run(command: TaskCommand): Promise<number> {
  const { answer, where } = await runTask(command, cliEnvironment())
  const checked = taskAnswerSchema.safeParse(answer)
  if (!checked.success) throw new Error(`Unexpected answer ${where}: ${JSON.stringify(answer)}`)
  console.log(command.json ? JSON.stringify(answer, null, 2) : describeTaskAnswer(checked.data, where).join('\n'))
  return exitCodeOf(checked.data)
}

await runCommandLine('task', USAGE, parseCommand, run)
