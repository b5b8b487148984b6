import type { Document } from 'bson'
import { MongoCommandError } from '../errors.ts'
import type { CommandContext, CommandHandler } from './command-context.ts'

/** The MongoDB release whose behaviour this server follows; wire version 21 is MongoDB 7.0. */
export const EMULATED_VERSION = '7.0.0'
const MAX_WIRE_VERSION = 21

/**
 * The handshake reply. No `setName` (a standalone, so the driver sends no transaction numbers), no
 * `compression` (so it never compresses), no `topologyVersion` (so it polls instead of streaming).
 */
export function helloReply(context: Pick<CommandContext, 'connectionId'>, legacy: boolean): Document {
  return {
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    helloOk: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: context.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  }
}

const refuseTransactions: CommandHandler = () => {
  throw new MongoCommandError('IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos')
}

const ok: CommandHandler = () => ({ ok: 1 })

const buildInfo: CommandHandler = () => ({
  version: EMULATED_VERSION,
  gitVersion: 'creatorino-embedded',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  maxBsonObjectSize: 16 * 1024 * 1024,
  storageEngines: ['embedded'],
  ok: 1,
})

const serverStatus: CommandHandler = (_command, context) => {
  const memory = process.memoryUsage()
  return {
    host: '127.0.0.1',
    version: EMULATED_VERSION,
    process: 'creatorino-embedded-mongo',
    pid: process.pid,
    uptime: Math.floor((Date.now() - context.server.startedAt.getTime()) / 1000),
    localTime: new Date(),
    connections: { current: context.server.connections.current, totalCreated: context.server.connections.totalCreated },
    // mongod reports resident and virtual memory in MiB.
    mem: { bits: 64, resident: Math.round(memory.rss / 1024 / 1024), virtual: Math.round(memory.rss / 1024 / 1024) },
    metrics: { cursor: { open: { total: context.server.cursors.openCount } } },
    ok: 1,
  }
}

export const handshakeCommands: Record<string, CommandHandler> = {
  hello: (_command, context) => helloReply(context, false),
  isMaster: (_command, context) => helloReply(context, true),
  ismaster: (_command, context) => helloReply(context, true),
  ping: ok,
  buildInfo,
  buildinfo: buildInfo,
  serverStatus,
  endSessions: ok,
  killSessions: ok,
  refreshSessions: ok,
  getLog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
  getCmdLineOpts: () => ({ argv: ['creatorino-embedded-mongo'], parsed: {}, ok: 1 }),
  hostInfo: () => ({ system: { currentTime: new Date(), hostname: '127.0.0.1' }, os: { type: process.platform }, extra: {}, ok: 1 }),
  getParameter: () => ({ featureCompatibilityVersion: { version: '7.0' }, ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  whatsmyuri: (_command, context) => ({ you: `127.0.0.1:${context.connectionId}`, ok: 1 }),
  commitTransaction: refuseTransactions,
  abortTransaction: refuseTransactions,
}
