/**
 * `npx node bench/embedded-mongo-insert.bench.ts` — the embedded server's CPU cost per inserted
 * document, in-process and without sockets or fsync, so that before/after comparisons hold on a busy
 * machine: each figure is the median of several rounds, in CPU time of this process (less disturbed
 * by other processes than wall-clock time, though still by shared caches). Two paths are timed:
 * - `wire`: what the server does for a driver's insertMany of 1000 (OP_MSG parse, insert command,
 *   WAL record encoding, reply), with documents shaped as the driver sends them (_id appended last);
 * - `engine`: `Collection.insertEncoded` of prebuilt BSON documents (_id first) alone.
 * Both into a collection with the timeline's three indexes. A third figure, `heap`, is the V8 heap a
 * stored document costs after the `wire` path (its StoredDocument, keys and index entries: what the
 * garbage collector copies and marks; its BSON stays in the message, outside the heap), measured
 * after a full GC. BENCH_DOCS, BENCH_ROUNDS and BENCH_PATHS adjust it.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { BSON, ObjectId, UUID, type Document } from 'bson'
import { dispatchCommand } from '../server/embedded-mongo/commands/dispatch-command.ts'
import type { ServerState } from '../server/embedded-mongo/commands/command-context.ts'
import { Catalog } from '../server/embedded-mongo/engine/catalog.ts'
import { Collection } from '../server/embedded-mongo/engine/collection.ts'
import { CursorRegistry } from '../server/embedded-mongo/engine/cursor-registry.ts'
import { normaliseIndexSpec } from '../server/embedded-mongo/engine/index-key-spec.ts'
import type { Change } from '../server/embedded-mongo/storage/change.ts'
import { encodeRecord } from '../server/embedded-mongo/storage/record-codec.ts'
import { HEADER_LENGTH, OpCode, writeHeader } from '../server/embedded-mongo/wire/message-header.ts'
import { parseOpMsg, serializeOpMsg } from '../server/embedded-mongo/wire/op-msg.ts'
import { TIMELINE_INDEXES, timelineEvent } from './timeline-events.ts'

const DOCS = Number(process.env.BENCH_DOCS ?? 50_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)
const BATCH = 1000
const PATHS = (process.env.BENCH_PATHS ?? 'wire,engine,heap').split(',')

/** An OP_MSG insert as mongodb@7 sends insertMany: the command body, then a `documents` sequence. */
function insertMessage(documents: Document[], requestId: number): Buffer {
  const body = BSON.serialize({ insert: 'timeline_events', ordered: false, lsid: { id: new UUID() }, $db: 'bench' })
  const encoded = documents.map(document => BSON.serialize(document))
  const sequenceSize = 4 + 'documents'.length + 1 + encoded.reduce((sum, bytes) => sum + bytes.length, 0)
  const message = Buffer.alloc(HEADER_LENGTH + 4 + 1 + body.length + 1 + sequenceSize)
  writeHeader(message, { messageLength: message.length, requestId, responseTo: 0, opCode: OpCode.Msg })
  let offset = HEADER_LENGTH + 4
  message[offset++] = 0
  message.set(body, offset)
  offset += body.length
  message[offset++] = 1
  message.writeInt32LE(sequenceSize, offset)
  offset += 4 + message.write('documents\0', offset + 4, 'latin1')
  for (const bytes of encoded) {
    message.set(bytes, offset)
    offset += bytes.length
  }
  return message
}

function driverDocument(i: number): Document {
  // The driver adds a generated _id to the caller's object, so it is serialised last.
  const document: Document = timelineEvent(i)
  document._id = new ObjectId()
  return document
}

function freshState(): ServerState {
  const state: ServerState = { catalog: new Catalog(), cursors: new CursorRegistry(), startedAt: new Date(), connections: { current: 0, totalCreated: 0 } }
  const changes: Change[] = []
  dispatchCommand({ createIndexes: 'timeline_events', indexes: [...TIMELINE_INDEXES], $db: 'bench' }, { server: state, database: 'bench', connectionId: 1, changes })
  return state
}

/** Microseconds of CPU (user + system, all of this process's threads, GC helpers included) since `since`. */
function cpuMicros(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since)
  return user + system
}

/** What the server does with each insert message; returns the state the documents are stored in. */
function receiveAll(messages: Buffer[]): ServerState {
  const state = freshState()
  for (const message of messages) {
    const request = parseOpMsg(message)
    const changes: Change[] = []
    const reply = dispatchCommand(request.body, { server: state, database: 'bench', connectionId: 1, changes })
    if (reply.n !== BATCH) throw new Error(`insert failed: ${JSON.stringify(reply)}`)
    encodeRecord(changes)
    serializeOpMsg(1, 1, reply)
  }
  return state
}

function wireRound(messages: Buffer[]): number {
  const started = process.cpuUsage()
  receiveAll(messages)
  return cpuMicros(started) / DOCS
}

/** Heap bytes per stored document once the `wire` path has stored them all, each side of a full GC. */
function heapPerDocument(messages: Buffer[]): number {
  // A full GC on demand without --expose-gc on the command line: the flag, then `gc` from a new context.
  setFlagsFromString('--expose-gc')
  const collectGarbage = runInNewContext('gc') as () => void
  collectGarbage()
  const before = process.memoryUsage().heapUsed
  const state = receiveAll(messages)
  collectGarbage()
  const stored = state.catalog.getCollection('bench', 'timeline_events')?.count ?? 0
  if (stored !== DOCS) throw new Error(`expected ${DOCS} stored documents, found ${stored}`)
  return (process.memoryUsage().heapUsed - before) / DOCS
}

function engineRound(encoded: Uint8Array[]): number {
  const collection = new Collection('bench', 'timeline_events')
  for (const spec of TIMELINE_INDEXES) collection.createIndex(normaliseIndexSpec({ ...spec }))
  const started = process.cpuUsage()
  for (const bytes of encoded) collection.insertEncoded(bytes)
  return cpuMicros(started) / DOCS
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const documents = Array.from({ length: DOCS }, (_, i) => driverDocument(i))
const encodedIdFirst = PATHS.includes('engine') ? documents.map(({ _id, ...rest }) => BSON.serialize({ _id, ...rest })) : []
const messages: Buffer[] = []
if (PATHS.includes('wire') || PATHS.includes('heap')) {
  for (let start = 0; start < DOCS; start += BATCH) messages.push(insertMessage(documents.slice(start, start + BATCH), start / BATCH + 1))
}

console.log(`embedded-mongo insert CPU, Node ${process.version}: ${DOCS.toLocaleString('en')} docs, 3 indexes, median of ${ROUNDS} rounds`)
for (const path of PATHS.filter(path => path !== 'heap')) {
  const round = path === 'wire' ? () => wireRound(messages) : () => engineRound(encodedIdFirst)
  round() // warm-up: lets V8 optimise before anything is measured
  const times = Array.from({ length: ROUNDS }, round)
  console.log(`${path}: ${median(times).toFixed(2)} µs CPU/doc (min ${Math.min(...times).toFixed(2)}, max ${Math.max(...times).toFixed(2)})`)
}
if (PATHS.includes('heap')) console.log(`heap: ${Math.round(heapPerDocument(messages))} bytes per stored document, after a full GC`)
