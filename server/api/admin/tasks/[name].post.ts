import { z } from 'zod'

const taskParamsSchema = z.object({
  name: z.string().regex(/^[a-z]+:[a-z-]+$/, 'a task name like "trending:compute"'),
})

/** Runs a scheduled task now (under its lock, like the schedule does) and answers with its run record. */
export default defineEventHandler(async (event) => {
  requireAdmin(event)
  const { name } = validatedRouterParams(event, taskParamsSchema)
  try {
    const { result } = await runTask(name)
    return { task: name, run: result }
  }
  catch (error) {
    // Nitro's own message for a name it does not know; any other failure is the task's and stays a 500.
    if (/is not available/.test((error as Error).message)) {
      throw createError({ statusCode: 404, statusMessage: 'Not Found', message: `name: no task "${name}"` })
    }
    throw error
  }
})
