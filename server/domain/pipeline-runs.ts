import type { Db } from 'mongodb'
import { collectionsOf, LAST_PIPELINE_RUN_ID, lastPipelineRunSchema, type LastPipelineRun } from '../db/index.ts'

/** Remembers the latest run that wrote something (shown by the health endpoint). */
export async function recordPipelineRun(db: Db, run: Omit<LastPipelineRun, '_id'>): Promise<void> {
  const document = lastPipelineRunSchema.parse({ _id: LAST_PIPELINE_RUN_ID, ...run })
  await collectionsOf(db).pipelineState.replaceOne({ _id: LAST_PIPELINE_RUN_ID }, document, { upsert: true })
}

export async function readLastPipelineRun(db: Db): Promise<LastPipelineRun | null> {
  const document = await collectionsOf(db).pipelineState.findOne({ _id: LAST_PIPELINE_RUN_ID })
  return document ? lastPipelineRunSchema.parse(document) : null
}
