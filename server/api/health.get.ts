import { COLLECTION_NAMES, LAST_PIPELINE_RUN_ID, collectionsOf, type LastPipelineRun } from '../db/index.ts'

/**
 * Readiness: touches the database. 200 with the engine, per-collection counts and the last pipeline
 * run; 503 with Retry-After when the database cannot be reached.
 */
export default defineEventHandler(async (event) => {
  let connection
  try {
    connection = await useDatabase(event)
    await connection.db.command({ ping: 1 })
  }
  catch (error) {
    setResponseHeader(event, 'Retry-After', 10)
    throw createError({ statusCode: 503, message: `Database unreachable: ${(error as Error).message}` })
  }
  const collections = collectionsOf(connection.db)
  const names = Object.values(COLLECTION_NAMES).filter(name => name !== COLLECTION_NAMES.pipelineState && name !== COLLECTION_NAMES.changeJournal)
  const counts = Object.fromEntries(await Promise.all(names.map(async name => [name, await connection.db.collection(name).estimatedDocumentCount()] as const)))
  const lastPipelineRun = await collections.pipelineState.findOne({ _id: LAST_PIPELINE_RUN_ID }) as LastPipelineRun | null
  return {
    status: databaseReadiness().phase === 'ready' ? 'ok' : databaseReadiness().phase,
    engine: connection.engine,
    database: connection.db.databaseName,
    readiness: databaseReadiness(),
    counts,
    lastPipelineRun: lastPipelineRun ? { kind: lastPipelineRun.kind, day: lastPipelineRun.day, finishedAt: lastPipelineRun.finishedAt } : null,
  }
})
