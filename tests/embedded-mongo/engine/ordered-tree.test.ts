import { describe, expect, it } from 'vitest'
import { OrderedTree } from '../../../server/embedded-mongo/engine/ordered-tree.ts'
import { seededRandom } from '../../unit/sync/seeded-random.ts'

const compare = (a: number, b: number) => a - b

/** The same map as a sorted array: slow and obviously right. */
class SortedArray {
  readonly keys: number[] = []
  readonly values = new Map<number, string>()
  set(key: number, value: string): void {
    if (!this.values.has(key)) {
      // Before the first larger key: a linear walk, not a sort of the whole array per insert.
      const larger = this.keys.findIndex(other => other > key)
      this.keys.splice(larger < 0 ? this.keys.length : larger, 0, key)
    }
    this.values.set(key, value)
  }

  delete(key: number): boolean {
    if (!this.values.delete(key)) return false
    this.keys.splice(this.keys.indexOf(key), 1)
    return true
  }

  pair(key: number | undefined): [number, string] | undefined {
    return key === undefined ? undefined : [key, this.values.get(key)!]
  }
}

describe('OrderedTree', () => {
  // Seed 4 inserts ascending keys (splitting at the right edge) and deletes at random. The tree
  // either derives `isBelow` from the comparator or is given it, as the string-keyed indexes are.
  it.each([[1, 'derived'], [2, 'derived'], [3, 'derived'], [4, 'derived'], [1, 'given'], [2, 'given']] as const)('agrees with a sorted array through random inserts, overwrites and deletes (seed %i, isBelow %s)', (seed, isBelow) => {
    const next = seededRandom(seed)
    const tree = isBelow === 'given' ? new OrderedTree<number, string>(compare, (a, b) => a < b) : new OrderedTree<number, string>(compare)
    const reference = new SortedArray()
    const keySpace = seed === 1 ? 300 : seed === 4 ? 20_000 : 5000
    for (let step = 0; step < 20_000; step++) {
      // Phases of mostly inserts, then mostly deletes, so nodes fill, split, empty and vanish.
      const deleting = Math.floor(step / 4000) % 2 === 1
      const key = seed === 4 && !deleting ? step : Math.floor(next() * keySpace)
      const roll = next()
      if (roll < (deleting ? 0.2 : 0.8)) {
        tree.set(key, `v${step}`)
        reference.set(key, `v${step}`)
      }
      else {
        expect(tree.delete(key)).toBe(reference.delete(key))
      }
      if (step % 1000 !== 0) continue
      expect(tree.size).toBe(reference.keys.length)
      expect([...tree.values()].join()).toBe(reference.keys.map(k => reference.values.get(k)).join())
      for (let probe = -1; probe <= keySpace; probe += Math.max(1, Math.floor(keySpace / 97))) {
        const atOrAbove = reference.keys.find(k => k >= probe)
        const above = reference.keys.find(k => k > probe)
        const below = reference.keys.findLast(k => k < probe)
        expect(tree.getPairOrNextHigher(probe)).toEqual(reference.pair(atOrAbove))
        expect(tree.nextHigherPair(probe)).toEqual(reference.pair(above))
        expect(tree.nextLowerPair(probe)).toEqual(reference.pair(below))
        expect(tree.neighbours(probe)).toEqual([reference.pair(below), reference.pair(atOrAbove)])
        // Whole walks to either end, compared as text: a deep equality of thousands of numbers per probe is slow.
        expect([...tree.entries(probe)].map(([k]) => k).join()).toBe(reference.keys.filter(k => k >= probe).join())
        expect([...tree.entriesReversed(probe)].map(([k]) => k).join()).toBe(reference.keys.filter(k => k <= probe).reverse().join())
      }
    }
  })

  it('is empty again after every key is deleted, and usable after', () => {
    const tree = new OrderedTree<number, string>(compare)
    for (let i = 0; i < 1000; i++) tree.set(i, `v${i}`)
    for (let i = 999; i >= 0; i--) expect(tree.delete(i)).toBe(true)
    expect(tree.size).toBe(0)
    expect([...tree.entries(0)]).toEqual([])
    expect(tree.nextLowerPair(5)).toBeUndefined()
    tree.set(7, 'again')
    expect([...tree.entriesReversed(100)]).toEqual([[7, 'again']])
  })
})
