import { hashChars } from './hashed-entries.ts'
import type { StoredDocument } from './stored-document.ts'

/**
 * A collection's documents by primary key (idKey), in insertion order. Kept in a `Map` keyed by each
 * key's 32-bit hash (a small integer): a lookup then compares numbers along its bucket's chain, where
 * a `Map` keyed by the strings read each candidate's string, somewhere else in a large heap. The
 * entry found is checked against the key. A key whose hash another key holds already (~30 pairs
 * among 500k ids) goes into a `Map` by string instead.
 */
export class DocumentsById {
  private readonly byHash = new Map<number, StoredDocument>()
  /** Documents whose key's hash was taken when they came; each key is in one of the two maps only. */
  private readonly collided = new Map<string, StoredDocument>()
  /** hashOf's last key and its hash: an insert asks for the same key twice (`has`, then `set`). */
  private lastKey: string | undefined
  private lastHash = 0

  get size(): number {
    return this.byHash.size + this.collided.size
  }

  get(key: string): StoredDocument | undefined {
    const found = this.byHash.get(this.hashOf(key))
    if (found !== undefined && found.key === key) return found
    return this.collided.size === 0 ? undefined : this.collided.get(key)
  }

  has(key: string): boolean {
    return this.get(key) !== undefined
  }

  /** Adds the document, or replaces the one with its key in place (natural order keeps its position). */
  set(stored: StoredDocument): void {
    const key = stored.key
    if (this.collided.size > 0 && this.collided.has(key)) {
      this.collided.set(key, stored)
      return
    }
    const hash = this.hashOf(key)
    const holder = this.byHash.get(hash)
    if (holder === undefined || holder.key === key) this.byHash.set(hash, stored)
    else this.collided.set(key, stored)
  }

  delete(key: string): void {
    const hash = this.hashOf(key)
    if (this.byHash.get(hash)?.key === key) this.byHash.delete(hash)
    else this.collided.delete(key)
  }

  /** In insertion order (documents that collided last); like a Map's, the walk sees changes made while it is paused. */
  * values(): Generator<StoredDocument> {
    yield* this.byHash.values()
    yield* this.collided.values()
  }

  private hashOf(key: string): number {
    if (key !== this.lastKey) {
      this.lastKey = key
      this.lastHash = hashChars(key, 0, key.length)
    }
    return this.lastHash
  }
}
