import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startEmbeddedMongo } from './index.ts'

const usage = 'usage: npm run db:embedded -- [--port <port>] [--data <dir>] [--memory]'

function parseOptions() {
  try {
    const { values } = parseArgs({
      options: {
        port: { type: 'string', default: '27017' },
        data: { type: 'string', default: '.data/mongo' },
        memory: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    })
    const port = Number(values.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer from 0 to 65535, got '${values.port}'`)
    return { port, dataDir: values.memory ? undefined : resolve(values.data), help: values.help }
  }
  catch (error) {
    console.error(`${(error as Error).message}\n${usage}`)
    process.exit(2)
  }
}

const options = parseOptions()
if (options.help) {
  console.log(`${usage}\nRuns the embedded MongoDB-compatible server in the foreground and prints its connection string.`)
  process.exit(0)
}
try {
  const server = await startEmbeddedMongo({ port: options.port, dataDir: options.dataDir })
  console.log(server.uri)
  console.error(`embedded MongoDB server ready (${options.dataDir ? `data in ${options.dataDir}` : 'in memory only'}); Ctrl+C stops it`)
  const shutdown = () => {
    server.stop().then(() => process.exit(0), (error) => {
      console.error(error)
      process.exit(1)
    })
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}
catch (error) {
  console.error(`embedded MongoDB server could not start: ${(error as Error).message}`)
  process.exit(1)
}
