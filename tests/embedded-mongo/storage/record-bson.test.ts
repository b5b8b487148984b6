import { BSON, ObjectId } from 'bson'
import { expect, it } from 'vitest'
import type { Change } from '../../../server/embedded-mongo/storage/change.ts'
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

it('numbers array elements past one digit as BSON.serialize does (a bulk write of 1234 documents)', () => {
  const docs = Array.from({ length: 1234 }, (_, i) => ({ _id: i, text: 'x'.repeat(i % 7), missing: undefined }))
  const changes: Change[] = [{ op: 'put', db: 'app', coll: 'bulk', docs, encoded: docs.map((doc, i) => i % 3 === 0 ? undefined : BSON.serialize(doc, { ignoreUndefined: false })) }]
  const expected = BSON.serialize({ c: [{ op: 'put', db: 'app', coll: 'bulk', docs }] }, { ignoreUndefined: false })
  expect(Buffer.compare(serializeChangesRecord(changes), Buffer.from(expected))).toBe(0)
})
