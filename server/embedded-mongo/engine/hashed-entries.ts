/**
 * A hash table of entries by a 32-bit hash, with open addressing and linear probing over a typed
 * array of hashes: a lookup reads one run of adjacent hashes, where a `Map` keyed by strings reads
 * its bucket, then an entry elsewhere, then the key string (three cache misses in a large table, on
 * this project's VMs three page walks). The table keeps no keys: the caller tells whether an entry
 * with the same hash is the one it looks for (`matches`), which happens about once per lookup that
 * finds something, and almost never for one that does not. `matches` is given the caller's `probe`
 * (what it looks for), so that one function made once serves every lookup, with no closure per call.
 */
export class HashedEntries<V> {
  /** Each slot's hash, 0 for an empty slot (a hash of 0 is stored as 1). */
  private hashes = new Int32Array(INITIAL_SLOTS)
  private entries: Array<V | undefined> = new Array<V | undefined>(INITIAL_SLOTS).fill(undefined)
  private mask = INITIAL_SLOTS - 1
  private count = 0

  get size(): number {
    return this.count
  }

  /** The entry with this hash that `matches` accepts. */
  get<P>(hash: number, matches: Matcher<V, P>, probe?: P): V | undefined {
    const slot = this.find(storedHash(hash), matches, probe)
    return slot < 0 ? undefined : this.entries[slot]
  }

  /** Replaces the entry that `matches` accepts, or adds one. */
  set<P>(hash: number, entry: V, matches: Matcher<V, P>, probe?: P): void {
    const stored = storedHash(hash)
    const slot = this.find(stored, matches, probe)
    if (slot >= 0) {
      this.entries[slot] = entry
      return
    }
    if ((this.count + 1) * 2 > this.hashes.length) this.grow()
    this.place(stored, entry)
    this.count++
  }

  /** Removes the entry that `matches` accepts; whether there was one. */
  delete<P>(hash: number, matches: Matcher<V, P>, probe?: P): boolean {
    let slot = this.find(storedHash(hash), matches, probe)
    if (slot < 0) return false
    // Backward-shift deletion: later entries of the run move into the gap when their home slot lies
    // at or before it, so that no probe stops early at an empty slot and no tombstones pile up.
    const { hashes, entries, mask } = this
    for (let next = (slot + 1) & mask; hashes[next] !== 0; next = (next + 1) & mask) {
      const home = hashes[next]! & mask
      const shiftable = slot <= next ? home <= slot || home > next : home <= slot && home > next
      if (!shiftable) continue
      hashes[slot] = hashes[next]!
      entries[slot] = entries[next]
      slot = next
    }
    hashes[slot] = 0
    entries[slot] = undefined
    this.count--
    return true
  }

  * values(): Generator<V> {
    for (let slot = 0; slot < this.hashes.length; slot++) {
      if (this.hashes[slot] !== 0) yield this.entries[slot]!
    }
  }

  private find<P>(stored: number, matches: Matcher<V, P>, probe: P | undefined): number {
    const { hashes, entries, mask } = this
    for (let slot = stored & mask; hashes[slot] !== 0; slot = (slot + 1) & mask) {
      if (hashes[slot] === stored && matches(entries[slot]!, probe as P)) return slot
    }
    return -1
  }

  private place(stored: number, entry: V): void {
    let slot = stored & this.mask
    while (this.hashes[slot] !== 0) slot = (slot + 1) & this.mask
    this.hashes[slot] = stored
    this.entries[slot] = entry
  }

  /** Doubles the slots (keeping them at most half full, where linear probing stays short) and re-places every entry by its hash. */
  private grow(): void {
    const { hashes, entries } = this
    this.hashes = new Int32Array(hashes.length * 2)
    this.entries = new Array<V | undefined>(hashes.length * 2).fill(undefined)
    this.mask = this.hashes.length - 1
    for (let slot = 0; slot < hashes.length; slot++) {
      if (hashes[slot] !== 0) this.place(hashes[slot]!, entries[slot]!)
    }
  }
}

/** Whether an entry of the looked-up hash is the one looked for, `probe` (given with the lookup). */
export type Matcher<V, P> = (entry: V, probe: P) => boolean

const INITIAL_SLOTS = 16

function storedHash(hash: number): number {
  return hash === 0 ? 1 : hash | 0
}

/** A 32-bit hash of chars [start, end) of a string: FNV-1a, then murmur3's finaliser so that every bit of the result depends on every char. */
export function hashChars(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b)
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35)
  return hash ^ (hash >>> 16)
}
