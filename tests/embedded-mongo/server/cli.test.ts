import { spawnSync } from 'node:child_process'
import { MongoClient } from 'mongodb'
import { describe, expect, it } from 'vitest'
import { useTempDirs } from '../temp-dir.ts'
import { exited, startServerProcess } from './server-process.ts'

const tempDir = useTempDirs()

describe('npm run db:embedded', () => {
  it('prints a connection string the driver can use and stops cleanly on SIGTERM', async () => {
    const server = await startServerProcess(['--port', '0', '--data', await tempDir()])
    expect(server.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/)
    const client = new MongoClient(server.uri)
    await client.db('dev').collection('creators').insertOne({ name: 'A' })
    expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 })
    await client.close()
    server.child.kill('SIGTERM')
    expect(await exited(server.child)).toBe(0)
  })

  it('explains a bad option instead of starting', () => {
    const result = spawnSync(process.execPath, ['server/embedded-mongo/cli.ts', '--port', 'eighty'], { encoding: 'utf8' })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('--port must be an integer from 0 to 65535')
  })
})
