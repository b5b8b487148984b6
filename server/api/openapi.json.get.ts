import { buildOpenApiDocument, type OpenApiDocument } from '../openapi/openapi-document.ts'

// The document depends only on code, so it is built once per process, on first request.
let document: OpenApiDocument | undefined

/** The read API's OpenAPI 3.1 document, generated from the zod schemas the handlers validate with. */
export default defineEventHandler((): OpenApiDocument => {
  document ??= buildOpenApiDocument()
  return document
})
