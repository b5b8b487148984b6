/**
 * The frame of our command-line tools: parse the arguments, print the usage on a usage error (exit 2)
 * or on --help (exit 0), run, and turn any other error into one line `name: message` (exit 1).
 */
export class UsageError extends Error {}

export async function runCommandLine<Command>(
  name: string,
  usage: string,
  parse: (args: string[]) => Command | 'help',
  run: (command: Command) => Promise<number>,
): Promise<void> {
  try {
    let command
    try {
      command = parse(process.argv.slice(2))
    }
    catch (error) {
      if (!(error instanceof UsageError)) throw error
      console.error(`${error.message}\n\n${usage}`)
      process.exitCode = 2
      return
    }
    if (command === 'help') {
      console.log(usage)
      process.exitCode = 0
      return
    }
    process.exitCode = await run(command)
  }
  catch (error) {
    console.error(`${name}: ${(error as Error).message}`)
    process.exitCode = 1
  }
}
