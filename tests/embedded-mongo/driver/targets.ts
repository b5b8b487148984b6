import { randomBytes } from 'node:crypto'
import { MongoClient, type Collection, type Db, type Document, type MongoClientOptions } from 'mongodb'
import { afterAll, beforeAll, describe } from 'vitest'
import { startEmbeddedMongo } from '../../../server/embedded-mongo/index.ts'

/** A server the driver suites run against: the embedded one always, a real MongoDB when configured. */
export interface Target {
  name: string
  isEmbedded: boolean
  /** A connection string, and how to release whatever was started to provide it. */
  open(): Promise<{ uri: string, close(): Promise<void> }>
}

const REAL_MONGODB_URI = process.env.MONGODB_TEST_URI

const embeddedTarget: Target = {
  name: 'embedded server',
  isEmbedded: true,
  async open() {
    const server = await startEmbeddedMongo()
    return { uri: server.uri, close: () => server.stop() }
  },
}

function realMongoTarget(uri: string): Target {
  return { name: 'real MongoDB', isEmbedded: false, open: async () => ({ uri, close: async () => {} }) }
}

export const targets: Target[] = REAL_MONGODB_URI ? [embeddedTarget, realMongoTarget(REAL_MONGODB_URI)] : [embeddedTarget]

/**
 * A test document: any fields, and an _id of any BSON type. The driver's default schema types _id as
 * ObjectId, and it also does so for `unknown`/`any`: hence the explicit union.
 */
export interface TestDocument extends Document {
  _id?: string | number | boolean | Document
}

/** What a suite sees: a connected client and a throw-away database, valid inside its tests and hooks. */
export interface TargetConnection {
  readonly target: Target
  readonly uri: string
  readonly client: MongoClient
  readonly db: Db
  readonly dbName: string
  /** A collection no other test of the file uses (a fresh name per call). */
  newCollection<T extends Document = TestDocument>(label: string): Collection<T>
  /** Another client on the same server (closed with the suite), e.g. to watch the commands it sends. */
  newClient(options?: MongoClientOptions): Promise<MongoClient>
}

function connectTo(target: Target, suite: string): TargetConnection {
  let opened: { uri: string, close(): Promise<void> } | undefined
  let client: MongoClient | undefined
  const extraClients: MongoClient[] = []
  // Database names are limited to 63 characters.
  const dbName = `driver_${suite.replace(/\W+/g, '_').slice(0, 32)}_${randomBytes(4).toString('hex')}`
  let collections = 0
  const connected = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the target is used outside the suite\'s tests and hooks')
    return value
  }
  beforeAll(async () => {
    opened = await target.open()
    client = await new MongoClient(opened.uri).connect()
  })
  afterAll(async () => {
    try {
      await client?.db(dbName).dropDatabase()
    }
    finally {
      await Promise.all([client, ...extraClients].map(each => each?.close()))
      await opened?.close()
    }
  })
  return {
    target,
    get uri() { return connected(opened).uri },
    get client() { return connected(client) },
    get db() { return connected(client).db(dbName) },
    dbName,
    newCollection<T extends Document = TestDocument>(label: string) {
      return connected(client).db(dbName).collection<T>(`${label}_${++collections}`)
    },
    async newClient(options?: MongoClientOptions) {
      const extra = new MongoClient(connected(opened).uri, options)
      extraClients.push(extra)
      return extra.connect()
    },
  }
}

/**
 * Defines a suite once per target. Each target gets one server for the file and its own database,
 * dropped afterwards. Without MONGODB_TEST_URI the real-MongoDB run is listed as skipped, so the
 * report says what did not run and why.
 */
export function describeOnTargets(suite: string, define: (connection: TargetConnection) => void): void {
  describe.each(targets)(`${suite} ($name)`, (target) => {
    define(connectTo(target, suite))
  })
  if (!REAL_MONGODB_URI) {
    describe.skip(`${suite} (real MongoDB: set MONGODB_TEST_URI to run)`, () => {
      define(connectTo(realMongoTarget(''), suite))
    })
  }
}
