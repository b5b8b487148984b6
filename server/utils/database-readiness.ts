/**
 * What the app is doing to its database right now, for /api/health: a fresh install fills the demo
 * world in the background, and the health answer says so instead of looking empty or hanging.
 */
export interface DatabaseReadiness {
  phase: 'starting' | 'preparing' | 'ready' | 'failed'
  detail?: string
  /** 0..1 while the demo world is being simulated. */
  progress?: number
}

const readiness: DatabaseReadiness = { phase: 'starting' }

export function databaseReadiness(): Readonly<DatabaseReadiness> {
  return readiness
}

export function setDatabaseReadiness(next: DatabaseReadiness): void {
  readiness.phase = next.phase
  readiness.detail = next.detail
  readiness.progress = next.progress
}
