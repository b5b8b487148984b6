import { z } from 'zod'
import * as sharedSchemas from '../../shared/schemas/index.ts'
import { API_OPERATIONS, healthDtoSchema, pingDtoSchema, type ApiOperation } from './api-operations.ts'
import { CACHE_SECONDS } from '../utils/cache-seconds.ts'

/**
 * The OpenAPI 3.1 document of the read API, built from the operation registry and the zod schemas
 * the handlers validate with: z.toJSONSchema does the work, and the post-processing here is generic
 * (no per-field facts), so a schema change shows up in the document and /docs/api by itself.
 */

type JsonSchema = z.core.JSONSchema.JSONSchema
type JsonObject = Record<string, unknown>

/** What Nitro's error handler answers (it adds `error`, `url` and maybe `data`). */
export const apiErrorSchema = z.looseObject({
  statusCode: z.int().min(400).max(599),
  statusMessage: z.string(),
  message: z.string().describe('What went wrong; a 400 names the parameter first, e.g. `limit: must be between 1 and 100`.'),
})

/** The error answers, in `components.responses` by name. 400 and 429 are added by rule, not per route. */
const ERROR_RESPONSES = {
  400: { name: 'BadRequest', description: 'A parameter is invalid; the message names it.', retryAfter: false },
  404: { name: 'NotFound', description: 'No creator has this id, slug or former slug.', retryAfter: false },
  429: { name: 'TooManyRequests', description: 'Over the per-client rate limit; retry after `Retry-After` seconds.', retryAfter: true },
  503: { name: 'ServiceUnavailable', description: 'The database is unavailable; retry after `Retry-After` seconds.', retryAfter: true },
} as const
type ErrorStatus = keyof typeof ERROR_RESPONSES

const schemaRef = (name: string) => `#/components/schemas/${name}`

/** `creatorListDtoSchema` → `CreatorListDto`. */
function componentNameOf(exportName: string): string {
  const name = exportName.replace(/Schema$/, '')
  return name[0]!.toUpperCase() + name.slice(1)
}

/**
 * Every shared `…DtoSchema` export (and the few documented here) is a component, so a DTO nested
 * in another (a creator in a list) is a $ref rather than a copy.
 */
function componentSchemas(): Map<z.ZodType, string> {
  const named = new Map<z.ZodType, string>()
  const candidates = { ...sharedSchemas, pingDtoSchema, healthDtoSchema, apiErrorSchema }
  for (const [exportName, value] of Object.entries(candidates)) {
    if (value instanceof z.ZodType && /(?:Dto|apiError)Schema$/.test(exportName)) named.set(value, componentNameOf(exportName))
  }
  return named
}

/**
 * zod's JSON Schema carries two implementation details a reader does not need: the regex behind a
 * `format` (date-time, date) and ±Number.MAX_SAFE_INTEGER as the bounds of every integer.
 */
function tidy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(tidy) as T
  if (value === null || typeof value !== 'object') return value
  const tidied: JsonObject = {}
  for (const [key, child] of Object.entries(value)) {
    if (key === '$schema' || key === '$id') continue
    if (key === 'pattern' && 'format' in value) continue
    if ((key === 'maximum' || key === 'minimum') && Math.abs(child as number) === Number.MAX_SAFE_INTEGER) continue
    tidied[key] = tidy(child)
  }
  return tidied as T
}

/**
 * The nodes from a parameter's schema down to the one its parsed value satisfies: optional and
 * default wrappers are looked through; a pipe into a transform (`.optional().transform(...)`, a cursor
 * decoder) is documented by its input, any other pipe (string → integer within bounds) by its output.
 */
function pathToValueSchema(field: z.ZodType): z.ZodType[] {
  if (field instanceof z.ZodOptional || field instanceof z.ZodDefault || field instanceof z.ZodNullable) {
    return [field, ...pathToValueSchema(field.unwrap() as z.ZodType)]
  }
  if (field instanceof z.ZodPipe) {
    const next = field.out instanceof z.ZodTransform ? field.in : field.out
    return [field, ...pathToValueSchema(next as z.ZodType)]
  }
  return [field]
}

/**
 * A query or path parameter from one field of the handler's schema. The default is what the schema
 * makes of an absent value, and the parameter is required when the schema rejects its absence.
 */
function parameterOf(name: string, field: z.ZodType, location: 'path' | 'query') {
  const path = pathToValueSchema(field)
  // Metadata set on an outer wrapper (`integerParam(…).describe(…)`) wins over the inner schema's.
  const meta = Object.assign({}, ...path.toReversed().map(node => z.globalRegistry.get(node) ?? {})) as JsonObject
  const { description, ...schema } = { ...tidy(z.toJSONSchema(path.at(-1)!, { io: 'input', unrepresentable: 'any' })), ...meta } as JsonObject
  const absent = field.safeParse(undefined)
  if (absent.success && absent.data !== undefined) schema.default = absent.data
  return { name, in: location, required: !absent.success, ...(description ? { description } : {}), schema }
}

function parametersOf(operation: ApiOperation) {
  const paramNames = Object.keys(operation.params?.shape ?? {})
  const inPath = [...operation.path.matchAll(/\{(\w+)\}/g)].map(match => match[1])
  if (paramNames.join() !== inPath.join()) throw new Error(`${operation.path}: path parameters ${inPath} but schema ${paramNames}`)
  return [
    ...Object.entries(operation.params?.shape ?? {}).map(([name, field]) => parameterOf(name, field as z.ZodType, 'path')),
    ...Object.entries(operation.query?.shape ?? {}).map(([name, field]) => parameterOf(name, field as z.ZodType, 'query')),
  ]
}

/** 400 wherever there is something to validate, 429 everywhere: the rate limit covers all of /api. */
export function errorStatusesOf(operation: ApiOperation): ErrorStatus[] {
  const statuses = new Set<ErrorStatus>([...operation.errors, 429])
  if (operation.params || operation.query) statuses.add(400)
  return [...statuses].sort((a, b) => a - b)
}

function operationObject(operation: ApiOperation, names: Map<z.ZodType, string>) {
  const responseName = names.get(operation.response)
  if (!responseName) throw new Error(`${operation.path}: its response schema is not a named component`)
  const seconds = operation.cache && CACHE_SECONDS[operation.cache]
  const errors = Object.fromEntries(errorStatusesOf(operation).map(status =>
    [status, { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` }]))
  return {
    operationId: operation.id,
    summary: operation.summary,
    description: operation.description,
    tags: operation.tags,
    parameters: parametersOf(operation),
    responses: {
      200: { description: operation.summary, content: { 'application/json': { schema: { $ref: schemaRef(responseName) } } } },
      ...errors,
    },
    // Fresh this long in the response cache, then served stale while one request refreshes it.
    ...(seconds ? { 'x-cache-seconds': seconds } : {}),
  }
}

export function buildOpenApiDocument(operations: ApiOperation[] = API_OPERATIONS) {
  const names = componentSchemas()
  const registry = z.registry<{ id: string }>()
  for (const [schema, id] of names) registry.add(schema, { id })
  const { schemas } = z.toJSONSchema(registry, { io: 'output', unrepresentable: 'any', uri: schemaRef })

  const paths: Record<string, Record<string, ReturnType<typeof operationObject>>> = {}
  for (const operation of operations) {
    (paths[operation.path] ??= {})[operation.method] = operationObject(operation, names)
  }
  const errorResponses = Object.fromEntries(Object.values(ERROR_RESPONSES).map(({ name, description, retryAfter }) => [name, {
    description,
    ...(retryAfter ? { headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } } : {}),
    content: { 'application/json': { schema: { $ref: schemaRef(componentNameOf('apiErrorSchema')) } } },
  }]))

  return {
    openapi: '3.1.0',
    info: {
      title: 'Creatorino API',
      version: '1',
      description: 'Read-only analytics of YouTube and Twitch creators. Every answer is JSON; query values are strings on the wire.',
    },
    tags: [...new Set(operations.flatMap(operation => operation.tags))].map(name => ({ name })),
    paths,
    components: {
      schemas: tidy(schemas) as Record<string, JsonSchema>,
      responses: errorResponses,
      headers: { RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 0 } } },
    },
  }
}
export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>
