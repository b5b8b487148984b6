import { BSON, ObjectId } from 'bson'
import { expect, it } from 'vitest'
import type { Change } from '../../../server/embedded-mongo/storage/change.ts'
import { encodedWithIdFirst } from '../../../server/embedded-mongo/encoded-id-first.ts'
import { serializeChangesRecord } from '../../../server/embedded-mongo/storage/record-bson.ts'

it('assembles the same bytes as BSON.serialize, reusing documents\' received encodings', () => {
  const docs = [
    { _id: new ObjectId(), title: 'é 🎥', at: new Date(1), nested: { list: [1, 'two', null] } },
    { '_id': 2, 'dotted.name': true },
    { _id: 3, n: 1.5 },
  ]
  const changes: Change[] = [
    { op: 'createCollection', db: 'app', coll: 'events' },
    // The middle document has no received bytes (say, an _id was added): it is serialised.
    { op: 'put', db: 'app', coll: 'events', docs, encoded: [BSON.serialize(docs[0]!), undefined, BSON.serialize(docs[2]!)] },
    { op: 'delete', db: 'app', coll: 'events', ids: [2] },
  ]
  const expected = BSON.serialize({ c: changes.map(change => change.op === 'put' ? { op: change.op, db: change.db, coll: change.coll, docs: change.docs } : change) })
  expect(Buffer.compare(serializeChangesRecord(changes), Buffer.from(expected))).toBe(0)
})

it('moves a trailing _id to the front in the received bytes, as the stored document has it', () => {
  const received = { title: 'x', at: new Date(5), _id: new ObjectId() }
  const stored = { _id: received._id, title: 'x', at: new Date(5) }
  const moved = encodedWithIdFirst(received, BSON.serialize(received))!
  expect(Buffer.compare(Buffer.from(moved), Buffer.from(BSON.serialize(stored)))).toBe(0)
  expect(encodedWithIdFirst({ _id: 1, a: 2 }, BSON.serialize({ _id: 1, a: 2 }))).toBeUndefined()
})
