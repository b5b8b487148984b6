import type { Document } from 'bson'
import type { Catalog } from '../engine/catalog.ts'
import type { CursorRegistry } from '../engine/cursor-registry.ts'
import type { Change } from '../storage/change.ts'

export interface ServerState {
  catalog: Catalog
  cursors: CursorRegistry
  startedAt: Date
  /** Counts for serverStatus; updated by the connection layer. */
  connections: { current: number, totalCreated: number }
}

export interface CommandContext {
  server: ServerState
  database: string
  connectionId: number
  /** The changes this command made, appended to the write-ahead log before the reply goes out. */
  changes: Change[]
}

/** Handlers are synchronous: a command's effect on memory is atomic with respect to other connections. */
export type CommandHandler = (command: Document, context: CommandContext) => Document
