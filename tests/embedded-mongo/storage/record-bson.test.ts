import { BSON, ObjectId } from 'bson'
import { expect, it } from 'vitest'
import type { Change } from '../../../server/embedded-mongo/storage/change.ts'
import { decodeRecordPayload } from '../../../server/embedded-mongo/storage/record-codec.ts'
import { serializeChangesRecord } from '../../../server/embedded-mongo/storage/record-bson.ts'

const encode = (document: object) => BSON.serialize(document, { ignoreUndefined: false })

it('assembles the same bytes as BSON.serialize of the decoded changes, copying documents\' bytes as they are', () => {
  const docs = [
    { _id: new ObjectId(), title: 'é 🎥', at: new Date(1), nested: { list: [1, 'two', null] } },
    { '_id': 2, 'dotted.name': true },
    { _id: 3, n: 1.5 },
  ]
  const changes: Change[] = [
    { op: 'createCollection', db: 'app', coll: 'events' },
    { op: 'put', db: 'app', coll: 'events', docs: docs.map(encode) },
    { op: 'delete', db: 'app', coll: 'events', ids: [2] },
  ]
  const expected = BSON.serialize({ c: changes.map(change => change.op === 'put' ? { ...change, docs } : change) })
  expect(Buffer.compare(serializeChangesRecord(changes), Buffer.from(expected))).toBe(0)
})

it('numbers array elements past one digit as BSON.serialize does (a bulk write of 1234 documents)', () => {
  const docs = Array.from({ length: 1234 }, (_, i) => ({ _id: i, text: 'x'.repeat(i % 7), missing: undefined }))
  const changes: Change[] = [{ op: 'put', db: 'app', coll: 'bulk', docs: docs.map(encode) }]
  const expected = BSON.serialize({ c: [{ op: 'put', db: 'app', coll: 'bulk', docs }] }, { ignoreUndefined: false })
  expect(Buffer.compare(serializeChangesRecord(changes), Buffer.from(expected))).toBe(0)
})

it('reads a put\'s documents back as their bytes, and every other change decoded in full', () => {
  const stored = { _id: 1, docs: [{ x: 1 }], at: new Date(5) }
  const changes: Change[] = [
    { op: 'put', db: 'app', coll: 'events', docs: [encode(stored)] },
    // A deleted _id that holds an array named like a put's documents stays a value.
    { op: 'delete', db: 'app', coll: 'events', ids: [{ docs: [{ y: 2 }] }] },
  ]
  const [put, deleted] = decodeRecordPayload(serializeChangesRecord(changes))
  expect(put).toEqual({ op: 'put', db: 'app', coll: 'events', docs: [Buffer.from(encode(stored))] })
  expect(BSON.deserialize((put as { docs: Uint8Array[] }).docs[0]!)).toEqual(stored)
  expect(deleted).toEqual(changes[1])
})

it('rejects a put whose documents are not documents', () => {
  const payload = BSON.serialize({ c: [{ op: 'put', db: 'app', coll: 'events', docs: [1] }] })
  expect(() => decodeRecordPayload(payload)).toThrow(/docs/)
})
