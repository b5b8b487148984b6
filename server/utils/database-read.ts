import type { H3Event } from 'h3'
import { MongoError, MongoServerError, type Db } from 'mongodb'

/**
 * How long a request waits for the database before answering 503: under the 2 s the API promises,
 * whatever the driver's own timeouts (a server that stopped answering on an open socket would
 * otherwise hold the request until the socket times out).
 */
const DATABASE_DEADLINE_MS = 1500
/** What a 503 asks clients to wait: the connection is retried at most every 10 s (database.ts). */
export const DATABASE_RETRY_AFTER_SECONDS = 10

class DeadlineExceeded extends Error {}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(`no answer within ${ms} ms`)), ms)
  })
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}

/** The database cannot answer (down, unreachable, too slow), as opposed to a query the server rejected: a bug. */
function isUnavailable(error: unknown): boolean {
  return error instanceof DeadlineExceeded || (error instanceof MongoError && !(error instanceof MongoServerError))
}

function serviceUnavailable(event: H3Event, cause: unknown) {
  setResponseHeader(event, 'Retry-After', DATABASE_RETRY_AFTER_SECONDS)
  return createError({ statusCode: 503, statusMessage: 'Service Unavailable', message: 'The database is unavailable; retry shortly', cause })
}

/**
 * Runs a request's reads against the database: at most DATABASE_DEADLINE_MS, then 503 with
 * Retry-After (also when no connection can be made). The time spent is reported in Server-Timing.
 */
export async function readDatabase<T>(event: H3Event, read: (db: Db) => Promise<T>): Promise<T> {
  const started = performance.now()
  try {
    return await withDeadline((async () => {
      let db: Db
      try {
        ({ db } = await useDatabase(event))
      }
      catch (error) {
        throw serviceUnavailable(event, error)
      }
      return read(db)
    })(), DATABASE_DEADLINE_MS)
  }
  catch (error) {
    throw isUnavailable(error) ? serviceUnavailable(event, error) : error
  }
  finally {
    addServerTiming(event, 'db', performance.now() - started)
  }
}
