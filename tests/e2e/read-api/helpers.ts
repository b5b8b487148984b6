import { join } from 'node:path'
import { fetch } from '@nuxt/test-utils/e2e'
import { MongoClient, type Db } from 'mongodb'
import { expect } from 'vitest'
import { readRunningServerUri } from '../../../server/embedded-mongo/index.ts'

export async function getJson(path: string, init?: RequestInit): Promise<{ status: number, body: unknown, headers: Headers }> {
  const response = await fetch(path, init)
  expect(response.headers.get('content-type')).toMatch(/application\/json/)
  return { status: response.status, body: await response.json(), headers: response.headers }
}

/** The app's own database (the embedded server of its data directory), for checks and writes behind the API's back. */
export async function withAppDatabase<T>(dataDir: string, use: (db: Db) => Promise<T>): Promise<T> {
  const client = await MongoClient.connect((await readRunningServerUri(join(dataDir, 'mongo')))!)
  try {
    return await use(client.db('creatorino'))
  }
  finally {
    await client.close()
  }
}
