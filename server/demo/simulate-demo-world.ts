import type { Db } from 'mongodb'
import { collectionsOf, DEMO_WORLD_STATE_ID, demoWorldStateSchema, ensureIndexes, type DemoWorldState } from '../db/index.ts'
import {
  addUtcDays, recordPipelineRun, startOfUtcDay, updateCreatorStats, utcDaysBetween,
  type ChangeListener,
} from '../domain/index.ts'
import { castDemoCreators } from './cast.ts'
import { initialStateOf, type DemoWorld } from './creator-day.ts'
import { observedAtOf, replayDemoDay, simulateDemoDay, type DemoRun } from './simulate-demo-day.ts'

export const DEMO_SEED = 20_261_126
export const DEMO_CREATOR_COUNT = 150
export const DEMO_HISTORY_DAYS = 180

export interface DemoProgress {
  day: Date
  /** Days simulated so far in this call, and how many it will simulate. */
  done: number
  total: number
}

export interface SimulateDemoWorldOptions {
  /** What day it is; now by default. Complete UTC days before it are simulated. */
  today?: Date
  onProgress?: (progress: DemoProgress) => void
  onChange?: ChangeListener
  /** For a new world only; a stored world keeps the values it was created with. */
  seed?: number
  creatorCount?: number
  historyDays?: number
}

export interface DemoWorldOutcome {
  status: 'created' | 'advanced' | 'up-to-date' | 'not-a-demo-database'
  daysSimulated: number
  firstDay: Date | null
  lastSimulatedDay: Date | null
}

async function storedWorldState(db: Db): Promise<DemoWorldState | null> {
  const stored = await collectionsOf(db).pipelineState.findOne({ _id: DEMO_WORLD_STATE_ID })
  return stored ? demoWorldStateSchema.parse(stored) : null
}

/**
 * Fills an empty database with the demo world (history of `historyDays` complete days up to
 * yesterday), and on later calls simulates the days since its last simulated day, so the world lives
 * on. Nothing happens when it is up to date, and a database that holds other data is left alone.
 * Only complete days are simulated, so repeating a call on the same day changes nothing.
 */
export async function simulateDemoWorld(db: Db, options: SimulateDemoWorldOptions = {}): Promise<DemoWorldOutcome> {
  const startedAt = new Date()
  await ensureIndexes(db)
  const { creators, pipelineState } = collectionsOf(db)
  const yesterday = addUtcDays(startOfUtcDay(options.today ?? startedAt), -1)
  let state = await storedWorldState(db)
  if (!state) {
    if (await creators.estimatedDocumentCount() > 0) return { status: 'not-a-demo-database', daysSimulated: 0, firstDay: null, lastSimulatedDay: null }
    const firstDay = addUtcDays(yesterday, 1 - (options.historyDays ?? DEMO_HISTORY_DAYS))
    state = {
      _id: DEMO_WORLD_STATE_ID,
      seed: options.seed ?? DEMO_SEED,
      creatorCount: options.creatorCount ?? DEMO_CREATOR_COUNT,
      firstDay,
      lastSimulatedDay: addUtcDays(firstDay, -1),
      updatedAt: startedAt,
    }
  }
  const isNew = state.lastSimulatedDay < state.firstDay
  const total = utcDaysBetween(state.lastSimulatedDay, yesterday)
  if (total <= 0) return { status: 'up-to-date', daysSimulated: 0, firstDay: state.firstDay, lastSimulatedDay: state.lastSimulatedDay }

  const world: DemoWorld = { seed: state.seed, firstDay: state.firstDay, creators: castDemoCreators(state.seed, state.creatorCount, state.firstDay) }
  const run: DemoRun = { world, states: world.creators.map(initialStateOf), creatorIds: world.creators.map(() => undefined) }
  const firstOffset = utcDaysBetween(state.firstDay, state.lastSimulatedDay) + 1
  for (let offset = 0; offset < firstOffset; offset++) replayDemoDay(run, offset)

  const summary = { days: 0, snapshots: 0, events: 0, milestones: 0, collaborations: 0, rankings: 0 }
  for (let done = 0; done < total; done++) {
    const offset = firstOffset + done
    const day = addUtcDays(world.firstDay, offset)
    const result = await simulateDemoDay(db, run, offset, { syncAllProfiles: done === 0 || done === total - 1 }, options)
    for (const key of ['snapshots', 'events', 'milestones', 'collaborations', 'rankings'] as const) summary[key] += result[key]
    summary.days++
    const next = demoWorldStateSchema.parse({ ...state, lastSimulatedDay: day, updatedAt: observedAtOf(world, offset) })
    await pipelineState.replaceOne({ _id: DEMO_WORLD_STATE_ID }, next, { upsert: true })
    state = next
    options.onProgress?.({ day, done: done + 1, total })
  }
  await updateCreatorStats(db, { day: yesterday, at: observedAtOf(world, firstOffset + total - 1) }, options)
  await recordPipelineRun(db, { kind: 'demo-world', day: yesterday, startedAt, finishedAt: new Date(), summary })
  return { status: isNew ? 'created' : 'advanced', daysSimulated: total, firstDay: state.firstDay, lastSimulatedDay: state.lastSimulatedDay }
}
