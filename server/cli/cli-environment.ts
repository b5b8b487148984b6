import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseEnv } from 'node:util'

/**
 * The settings a CLI sees, like `nuxt dev` does: the environment, over the `.env` file of the
 * working directory when there is one (the environment wins, as with Nuxt).
 */
export function cliEnvironment(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  let text: string
  try {
    text = readFileSync(resolve(cwd, '.env'), 'utf8')
  }
  catch {
    return { ...env }
  }
  return { ...parseEnv(text), ...env }
}
