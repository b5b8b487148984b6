import type { PipelineOptions } from '../../domain/index.ts'
import type { TwitchConnector } from '../../platforms/twitch/index.ts'
import type { TwitchPointsMeter } from './points-meter.ts'

/** What a Twitch run needs from its caller: no environment is read here. */
export interface TwitchRunOptions extends PipelineOptions {
  connector: TwitchConnector
  now: () => Date
  /** The meter the connector reports to; without it the run reports 0 points. */
  points?: TwitchPointsMeter
  /** Errors the run survives (one channel failing) are told here as well as counted: a task passes its context's. */
  reportError?: (error: unknown) => void
  /** Aborted when the task lost its lock: the run stops before its next Twitch call. */
  signal?: AbortSignal
}

/** Points spent from now on, as the meter sees them (0 without one). */
export function pointsSince(points: TwitchPointsMeter | undefined): () => number {
  const before = points?.total ?? 0
  return () => (points?.total ?? 0) - before
}
