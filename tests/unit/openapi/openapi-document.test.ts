import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { API_OPERATIONS } from '../../../server/openapi/api-operations.ts'
import { buildOpenApiDocument } from '../../../server/openapi/openapi-document.ts'
import * as sharedSchemas from '../../../shared/schemas/index.ts'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const API_DIR = join(ROOT, 'server/api')
const UTILS_DIR = join(ROOT, 'server/utils')
const document = buildOpenApiDocument()

interface Parameter { name: string, in: string, required: boolean, schema: Record<string, unknown> }
const operationOf = (path: string) => document.paths[path]!.get!
const parameterOf = (path: string, name: string) => (operationOf(path).parameters as Parameter[]).find(parameter => parameter.name === name)!

/** Nitro's file routing written the OpenAPI way: `creators/[id]/index.get.ts` → `GET /api/creators/{id}`. */
function routeOf(file: string): string {
  const match = /^(.+)\.(get|post|put|patch|delete)\.ts$/.exec(file.replaceAll('\\', '/'))
  if (!match) return `no method in ${file}`
  const path = `/api/${match[1]}`.replace(/\/index$/, '').replace(/\[(\w+)\]/g, '{$1}')
  return `${match[2]!.toUpperCase()} ${path}`
}

/** The public API's route files. The admin API (server/api/admin, behind NUXT_ADMIN_TOKEN) is for operators: the README documents it, the public document does not. */
async function routeFiles(): Promise<Map<string, string>> {
  const files = (await readdir(API_DIR, { recursive: true }))
    .filter(file => file.endsWith('.ts') && file !== 'openapi.json.get.ts' && !file.replaceAll('\\', '/').startsWith('admin/'))
  return new Map(files.map(file => [routeOf(file), join(API_DIR, file)]))
}

/** A handler's source with that of the server/utils helpers it calls (the timeline handler lives in one). */
async function handlerSource(file: string): Promise<string> {
  const source = await readFile(file, 'utf8')
  const helpers = await Promise.all((await readdir(UTILS_DIR)).map(name => readFile(join(UTILS_DIR, name), 'utf8')))
  return [source, ...helpers.filter(helper =>
    [...helper.matchAll(/export function (\w+)/g)].some(([, name]) => source.includes(`${name}(`)))].join('\n')
}

const exportNameOf = new Map<unknown, string>(Object.entries(sharedSchemas).map(([name, value]) => [value, name]))
const namesIn = (source: string, pattern: RegExp) => [...new Set([...source.matchAll(pattern)].map(match => match[1]))]

describe('the operation registry', () => {
  it('has exactly one entry per route file under server/api, and no other', async () => {
    const registered = API_OPERATIONS.map(operation => `${operation.method.toUpperCase()} ${operation.path}`)
    expect(new Set(registered).size).toBe(registered.length)
    expect([...registered].sort()).toEqual([...(await routeFiles()).keys()].sort())
  })

  it.each(API_OPERATIONS.map(operation => [operation.path, operation] as const))('names the schemas and cache of the handler of %s', async (_, operation) => {
    const file = (await routeFiles()).get(`GET ${operation.path}`)
    expect(file, 'its route file').toBeDefined()
    const source = await handlerSource(file!)
    const nameOf = (schema?: z.ZodType) => schema ? [exportNameOf.get(schema)] : []
    expect(namesIn(source, /validatedQuery\(event, (\w+)\)/g)).toEqual(nameOf(operation.query))
    expect(namesIn(source, /validatedRouterParams\(event, (\w+)\)/g)).toEqual(nameOf(operation.params))
    // `Promise<CreatorListDto>` in the handler is the type of `creatorListDtoSchema`.
    const response = exportNameOf.get(operation.response)?.replace(/^./, first => first.toUpperCase()).replace(/Schema$/, '')
    expect(namesIn(source, /Promise<(\w+Dto)>/g)).toEqual(response ? [response] : [])
    expect(namesIn(source, /maxAge: CACHE_SECONDS\.(\w+)/g)).toEqual(operation.cache ? [operation.cache] : [])
  })
})

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with every route, and plain JSON', () => {
    expect(document).toMatchObject({ openapi: '3.1.0', info: { title: 'Creatorino API', version: '1' } })
    expect(Object.keys(document.paths).sort()).toEqual(API_OPERATIONS.map(operation => operation.path).sort())
    expect(JSON.parse(JSON.stringify(document))).toEqual(document)
    const ids = Object.values(document.paths).map(methods => methods.get!.operationId)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('resolves every $ref', () => {
    const refs: string[] = []
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect)
      else if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          if (key === '$ref') refs.push(child as string)
          else collect(child)
        }
      }
    }
    collect(document)
    expect(refs.length).toBeGreaterThan(20)
    for (const ref of new Set(refs)) {
      expect(ref, ref).toMatch(/^#\//)
      const target = ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document)
      expect(target, ref).toBeTypeOf('object')
    }
  })

  it.each(Object.keys(document.paths))('declares the path parameters of %s, required, and no others', (path) => {
    const inPath = [...path.matchAll(/\{(\w+)\}/g)].map(match => match[1])
    const declared = (operationOf(path).parameters as Parameter[]).filter(parameter => parameter.in === 'path')
    expect(declared.map(parameter => parameter.name)).toEqual(inPath)
    expect(declared.every(parameter => parameter.required)).toBe(true)
  })

  it('answers errors by rule: 400 with parameters, 404 for creators, 429 everywhere', () => {
    expect(Object.keys(operationOf('/api/creators/{id}').responses)).toEqual(['200', '400', '404', '429', '503'])
    expect(Object.keys(operationOf('/api/ping').responses)).toEqual(['200', '429'])
    expect(operationOf('/api/health').parameters).toEqual([])
  })
})

describe('parameter documentation comes from the schemas', () => {
  it('documents the creator list\'s limit and sort', () => {
    expect(parameterOf('/api/creators', 'limit')).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } })
    expect(parameterOf('/api/creators', 'sort')).toMatchObject({ required: false, schema: { type: 'string', enum: [...sharedSchemas.CREATOR_SORTS], default: 'audience' } })
    expect(parameterOf('/api/search', 'q')).toMatchObject({ required: true, schema: { type: 'string', minLength: 1, maxLength: 100 } })
    expect(parameterOf('/api/creators/{id}/timeline', 'before').schema).toEqual({ type: 'string', maxLength: 100 })
  })

  const bounded = API_OPERATIONS.flatMap(operation => Object.entries(operation.query?.shape ?? {}).map(([name, field]) =>
    [operation.path, name, field as z.ZodType, parameterOf(operation.path, name).schema] as const))

  it.each(bounded)('%s ?%s: the documented default and bounds are what validation does', (_, __, field, schema) => {
    const absent = field.safeParse(undefined)
    expect(absent.success ? absent.data : undefined).toEqual(schema.default)
    if (typeof schema.minimum === 'number') {
      expect(field.safeParse(String(schema.minimum)).success).toBe(true)
      expect(field.safeParse(String(schema.minimum - 1)).success).toBe(false)
    }
    if (typeof schema.maximum === 'number') {
      expect(field.safeParse(String(schema.maximum)).success).toBe(true)
      expect(field.safeParse(String(schema.maximum + 1)).success).toBe(false)
    }
    for (const value of (schema.enum as unknown[] | undefined) ?? []) expect(field.safeParse(value).success).toBe(true)
  })
})
