import { z } from 'zod'
import { utcDaySchema } from './common.ts'

export const DEMO_WORLD_STATE_ID = 'demo-world'
export const LAST_PIPELINE_RUN_ID = 'last-pipeline-run'

/** What the demo world needs to live on: its seed, its first day and the last day it simulated. */
export const demoWorldStateSchema = z.object({
  _id: z.literal(DEMO_WORLD_STATE_ID),
  seed: z.number().int(),
  creatorCount: z.number().int().positive(),
  firstDay: utcDaySchema,
  lastSimulatedDay: utcDaySchema,
  updatedAt: z.date(),
})
export type DemoWorldState = z.infer<typeof demoWorldStateSchema>

/** The latest pipeline run that wrote something, for the health endpoint. */
export const lastPipelineRunSchema = z.object({
  _id: z.literal(LAST_PIPELINE_RUN_ID),
  kind: z.string().min(1),
  /** The last UTC day the run covered. */
  day: utcDaySchema,
  startedAt: z.date(),
  finishedAt: z.date(),
  summary: z.record(z.string(), z.number()),
})
export type LastPipelineRun = z.infer<typeof lastPipelineRunSchema>

export type PipelineStateDocument = DemoWorldState | LastPipelineRun
