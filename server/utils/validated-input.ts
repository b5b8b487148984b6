import type { H3Event } from 'h3'
import type { z } from 'zod'

type InputSchema = z.ZodObject

/**
 * The request's query, validated: only the schema's keys are read (unknown keys are ignored), each
 * must be one plain string (a repeated key or `key[$ne]=` is bad input, never an operator), and a
 * failure is a 400 whose message names the field, e.g. "limit: must be between 1 and 100".
 */
export function validatedQuery<Schema extends InputSchema>(event: H3Event, schema: Schema): z.output<Schema> {
  const query = getQuery(event)
  const problems: string[] = []
  const input: Record<string, unknown> = {}
  for (const field of Object.keys(schema.shape)) {
    const value = query[field]
    if (Object.keys(query).some(key => key.startsWith(`${field}[`)) || (value !== null && typeof value === 'object' && !Array.isArray(value))) {
      problems.push(`${field}: must be a plain value`)
    }
    else if (Array.isArray(value)) {
      problems.push(`${field}: must be given once`)
    }
    else if (value !== undefined) {
      input[field] = value
    }
  }
  if (problems.length > 0) throw badRequest(problems)
  return parseOrThrow(schema, input)
}

/** The route's parameters, validated like the query. */
export function validatedRouterParams<Schema extends InputSchema>(event: H3Event, schema: Schema): z.output<Schema> {
  return parseOrThrow(schema, getRouterParams(event, { decode: true }))
}

/** The request's JSON body, validated; a problem with the body as a whole (an unknown key) is named "body". */
export async function validatedBody<Schema extends InputSchema>(event: H3Event, schema: Schema): Promise<z.output<Schema>> {
  const body = await readBody(event).catch(() => {
    throw badRequest(['body: must be JSON'])
  })
  return parseOrThrow(schema, body, 'body')
}

function parseOrThrow<Schema extends InputSchema>(schema: Schema, input: unknown, whole = 'input'): z.output<Schema> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  throw badRequest(result.error.issues.map(issue => `${issue.path.join('.') || whole}: ${issue.message}`))
}

function badRequest(problems: string[]) {
  return createError({ statusCode: 400, statusMessage: 'Bad Request', message: [...new Set(problems)].join('; ') })
}
