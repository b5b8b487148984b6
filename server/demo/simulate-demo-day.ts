import type { Db } from 'mongodb'
import {
  addUtcDays, deriveDailyFacts, recordDailySnapshots, upsertCreators, upsertEvents,
  type PipelineOptions,
} from '../domain/index.ts'
import { advanceCreatorDay, OBSERVED_AT_MS, type CreatorState, type DemoWorld } from './creator-day.ts'
import { creatorInputOf, eventInputsOf, snapshotInputsOf } from './platform-report.ts'

/** A world being simulated: its creators' states and, once synced, their ids in the database. */
export interface DemoRun {
  world: DemoWorld
  states: CreatorState[]
  creatorIds: Array<string | undefined>
}

export interface DemoDaySummary {
  snapshots: number
  events: number
  milestones: number
  collaborations: number
  rankings: number
}

export function observedAtOf(world: DemoWorld, dayOffset: number): Date {
  return new Date(addUtcDays(world.firstDay, dayOffset).getTime() + OBSERVED_AT_MS)
}

/** Advances every creator by a day without writing: how a resumed world catches up to its stored state. */
export function replayDemoDay(run: DemoRun, dayOffset: number): void {
  run.world.creators.forEach((creator, i) => advanceCreatorDay(run.world, creator, run.states[i]!, dayOffset))
}

/**
 * Which profiles the demo source syncs on a day: all of them when asked (a run's first and last day),
 * otherwise those that changed that day. A profile document is "now"; syncing every creator on every
 * day of a long backfill would only rewrite it, while snapshots keep the daily history.
 */
function profilesToSync(run: DemoRun, dayOffset: number, all: boolean): number[] {
  return run.world.creators
    .filter((creator, i) => all || run.creatorIds[i] === undefined || creator.profileChanges.some(change => change.dayOffset === dayOffset))
    .map(creator => creator.index)
}

/**
 * Simulates one day and feeds it to the pipeline as a platform sync would: profiles, end-of-day
 * snapshots, new and refreshed uploads and streams, then what the pipeline derives from them.
 * One bulk write per step and collection.
 */
export async function simulateDemoDay(db: Db, run: DemoRun, dayOffset: number, { syncAllProfiles }: { syncAllProfiles: boolean }, options: PipelineOptions = {}): Promise<DemoDaySummary> {
  const { world, states } = run
  replayDemoDay(run, dayOffset)
  const at = observedAtOf(world, dayOffset)
  const syncing = profilesToSync(run, dayOffset, syncAllProfiles)
  const upserted = await upsertCreators(db, syncing.map(i => creatorInputOf(world.seed, world.creators[i]!, states[i]!, dayOffset)), { ...options, at })
  syncing.forEach((creatorIndex, i) => run.creatorIds[creatorIndex] = upserted[i]!.creatorId)
  const creatorIdOf = (i: number) => run.creatorIds[i]!
  const snapshots = world.creators.flatMap((creator, i) => snapshotInputsOf(creatorIdOf(i), creator, states[i]!, at))
  const events = world.creators.flatMap((creator, i) => eventInputsOf(creatorIdOf(i), creator, states[i]!, dayOffset, at))
  await Promise.all([recordDailySnapshots(db, snapshots, options), upsertEvents(db, events, { ...options, at })])
  const derived = await deriveDailyFacts(db, { day: addUtcDays(world.firstDay, dayOffset), at }, options)
  return { snapshots: snapshots.length, events: events.length, ...derived }
}
