import { describe, expect, it } from 'vitest'
import { HashedEntries, hashChars } from '../../../server/embedded-mongo/engine/hashed-entries.ts'
import { seededRandom } from '../../unit/sync/seeded-random.ts'

interface Entry {
  name: string
  version: number
}

describe('hashed entries', () => {
  it.each([
    ['distinct hashes', (name: string) => hashChars(name, 0, name.length)],
    // Few hashes: long runs of equal and neighbouring hashes, and 0.
    ['16 hashes for 600 names', (name: string) => hashChars(name, 0, name.length) & 15],
    // A few names each with homes in the last two slots and the first two (while the table has at most
    // 4096): short runs that wrap past the end, meeting entries whose home is at the start.
    ['hashes about the last slot and the first', (name: string) => {
      const hash = hashChars(name, 0, name.length)
      return [-2, -1, 4096, 4097][hash & 63] ?? hash
    }],
  ])('agrees with a Map through adds, replacements and deletions (%s)', (_, hashOf) => {
    const table = new HashedEntries<Entry>()
    const reference = new Map<string, Entry>()
    const next = seededRandom(9)
    for (let step = 0; step < 20_000; step++) {
      const name = `n${Math.floor(next() * 600)}`
      const matches = (entry: Entry) => entry.name === name
      const roll = next()
      if (roll < 0.55) {
        const entry = { name, version: step }
        table.set(hashOf(name), entry, matches)
        reference.set(name, entry)
      }
      else if (roll < 0.9) {
        expect(table.delete(hashOf(name), matches)).toBe(reference.delete(name))
      }
      expect(table.get(hashOf(name), matches)).toBe(reference.get(name))
      expect(table.size).toBe(reference.size)
    }
    for (const [name, entry] of reference) expect(table.get(hashOf(name), other => other.name === name)).toBe(entry)
    expect(new Set(table.values())).toEqual(new Set(reference.values()))
  })

  it.each([
    // c's home is slot 0, the others' 14: a and b fill 14 and 15, d wraps past c to 1. b and d move back, c stays.
    [{ c: 16, a: 14, b: 14, d: 14 }, 'a'],
    // x and y's home is 13, z and w's 15: w wraps to 0. y moves back to 13; z and w stay, past their home.
    [{ x: 13, y: 13, z: 15, w: 15 }, 'x'],
  ])('keeps every entry of a run that wraps past the last slot findable after a deletion (%j, deleting %s)', (hashes: Record<string, number>, deleted) => {
    const table = new HashedEntries<string>()
    for (const [name, hash] of Object.entries(hashes)) table.set(hash, name, entry => entry === name)
    table.delete(hashes[deleted]!, entry => entry === deleted)
    for (const [name, hash] of Object.entries(hashes)) {
      expect(table.get(hash, entry => entry === name)).toBe(name === deleted ? undefined : name)
    }
    expect(table.size).toBe(3)
  })

  it('hashes a region of a string like the same chars on their own', () => {
    expect(hashChars('xxabcxx', 2, 5)).toBe(hashChars('abc', 0, 3))
    expect(hashChars('abc', 0, 3)).not.toBe(hashChars('abd', 0, 3))
    expect(hashChars('ab', 0, 2)).not.toBe(hashChars('ba', 0, 2))
  })
})
