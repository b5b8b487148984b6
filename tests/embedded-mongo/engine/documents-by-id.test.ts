import { BSON } from 'bson'
import { describe, expect, it } from 'vitest'
import { DocumentsById } from '../../../server/embedded-mongo/engine/documents-by-id.ts'
import { hashChars } from '../../../server/embedded-mongo/engine/hashed-entries.ts'
import { idKey } from '../../../server/embedded-mongo/engine/id-key.ts'
import { StoredDocument } from '../../../server/embedded-mongo/engine/stored-document.ts'
import { seededRandom } from '../../unit/sync/seeded-random.ts'

/** Two pairs of string _ids whose primary keys have equal hashes (found by search). */
const COLLIDING = [['id329599', 'id532382'], ['id329598', 'id532383']] as const

function storedWithId(id: string, version = 0): StoredDocument {
  return new StoredDocument(idKey(id), BSON.serialize({ _id: id, version }))
}

const keyOf = (id: string) => idKey(id)
const idsOf = (documents: Iterable<StoredDocument>) => [...documents].map(stored => stored.document._id as string)

describe('documents by id', () => {
  it('uses id pairs whose keys share a hash', () => {
    for (const [first, second] of COLLIDING) {
      expect(hashChars(keyOf(first), 0, keyOf(first).length)).toBe(hashChars(keyOf(second), 0, keyOf(second).length))
    }
  })

  it('agrees with a Map through adds, replacements and deletions, colliding keys among them', () => {
    const ids = [...COLLIDING.flat(), ...Array.from({ length: 40 }, (_, i) => `doc${i}`)]
    const next = seededRandom(7)
    const table = new DocumentsById()
    const reference = new Map<string, StoredDocument>()
    for (let step = 0; step < 3000; step++) {
      const id = ids[Math.floor(next() * ids.length)]!
      if (next() < 0.35) {
        table.delete(keyOf(id))
        reference.delete(keyOf(id))
      }
      else {
        const stored = storedWithId(id, step)
        table.set(stored)
        reference.set(keyOf(id), stored)
      }
      const probe = ids[step % ids.length]!
      expect(table.get(keyOf(probe))).toBe(reference.get(keyOf(probe)))
      expect(table.has(keyOf(probe))).toBe(reference.has(keyOf(probe)))
      expect(table.size).toBe(reference.size)
    }
    expect(new Set(table.values())).toEqual(new Set(reference.values()))
  })

  it('keeps insertion order, a replaced document in its place, and a document whose hash was taken after the others', () => {
    const table = new DocumentsById()
    for (const id of ['a', COLLIDING[0][0], 'b', COLLIDING[0][1], 'c']) table.set(storedWithId(id))
    table.set(storedWithId('a', 1))
    expect(idsOf(table.values())).toEqual(['a', COLLIDING[0][0], 'b', 'c', COLLIDING[0][1]])
    expect(table.get(keyOf('a'))!.document.version).toBe(1)

    // The first holder of the hash leaves, and comes back while the second still holds it in the other map.
    table.delete(keyOf(COLLIDING[0][0]))
    expect(table.get(keyOf(COLLIDING[0][1]))?.document._id).toBe(COLLIDING[0][1])
    table.set(storedWithId(COLLIDING[0][0], 2))
    table.set(storedWithId(COLLIDING[0][1], 3))
    expect(table.size).toBe(5)
    expect(idsOf(table.values())).toEqual(['a', 'b', 'c', COLLIDING[0][0], COLLIDING[0][1]])
    expect(table.get(keyOf(COLLIDING[0][1]))!.document.version).toBe(3)
  })

  it('walks on after changes made while the walk was paused, as a Map does', () => {
    const table = new DocumentsById()
    for (const id of ['a', 'b', 'c', COLLIDING[1][0]]) table.set(storedWithId(id))
    const walk = table.values()
    expect(walk.next().value?.document._id).toBe('a')
    table.delete(keyOf('b'))
    table.set(storedWithId('d'))
    table.set(storedWithId(COLLIDING[1][1]))
    expect(idsOf({ [Symbol.iterator]: () => walk })).toEqual(['c', COLLIDING[1][0], 'd', COLLIDING[1][1]])
  })
})
