/**
 * An ordered map (a B+ tree) for index entries: the few operations a secondary index uses, kept lean
 * because an insert with random keys is bound by memory latency. Leaves are linked both ways, so
 * scans and neighbour lookups walk them without descending again; entries are moved by shifting, not
 * `splice` (which allocates per call). Each internal node keeps the largest key of each child.
 * Underfull nodes are allowed (deletes are rare here): a node is removed only once empty.
 */

/**
 * Entries per node. An insert with a random key misses the cache at each node on its way down (the
 * node, its arrays, the keys it compares), so the sizes trade levels against misses within a node:
 * small leaves, where most misses are (few key strings to compare, a short shift), and wide branches,
 * few enough to stay cached. Measured against 64 and 64: README "Performance".
 */
const MAX_LEAF_ENTRIES = 24
const MAX_BRANCH_ENTRIES = 128

class Leaf<K, V> {
  keys: K[] = []
  values: V[] = []
  previous: Leaf<K, V> | undefined
  next: Leaf<K, V> | undefined
}

class Branch<K, V> {
  /** keys[i] is the largest key under children[i]. */
  keys: K[] = []
  children: Array<Node<K, V>> = []
}

type Node<K, V> = Leaf<K, V> | Branch<K, V>

function lastKey<K, V>(node: Node<K, V>): K {
  return node.keys[node.keys.length - 1]!
}

function insertAt<T>(list: T[], index: number, item: T): void {
  for (let i = list.length; i > index; i--) list[i] = list[i - 1]!
  list[index] = item
}

function removeAt<T>(list: T[], index: number): void {
  for (let i = index; i < list.length - 1; i++) list[i] = list[i + 1]!
  list.length--
}

export class OrderedTree<K, V> {
  readonly compare: (a: K, b: K) => number
  /** `compare(a, b) < 0`, which for string keys is `<` itself: the comparison a search makes at every step. */
  private readonly isBelow: (a: K, b: K) => boolean
  private root: Node<K, V> = new Leaf()
  private count = 0

  constructor(compare: (a: K, b: K) => number, isBelow: (a: K, b: K) => boolean = (a, b) => compare(a, b) < 0) {
    this.compare = compare
    this.isBelow = isBelow
  }

  get size(): number {
    return this.count
  }

  /** Adds the entry, or replaces the value of an equal key. */
  set(key: K, value: V): void {
    const split = this.insert(this.root, key, value, true)
    if (!split) return
    const root = new Branch<K, V>()
    root.children = [this.root, split]
    root.keys = [lastKey(this.root), lastKey(split)]
    this.root = root
  }

  delete(key: K): boolean {
    const deleted = this.remove(this.root, key)
    if (this.root instanceof Branch && this.root.children.length === 1) this.root = this.root.children[0]!
    if (this.root instanceof Branch && this.root.children.length === 0) this.root = new Leaf()
    return deleted
  }

  * values(): Generator<V> {
    for (let leaf: Leaf<K, V> | undefined = this.firstLeaf(); leaf; leaf = leaf.next) yield* leaf.values
  }

  /** Entries in key order from the first key >= `from`. */
  * entries(from: K): Generator<[K, V]> {
    let [leaf, index] = this.position(from)
    for (; leaf; leaf = leaf.next, index = 0) {
      for (; index < leaf.keys.length; index++) yield [leaf.keys[index]!, leaf.values[index]!]
    }
  }

  /** Entries in reverse key order from the last key <= `from`. */
  * entriesReversed(from: K): Generator<[K, V]> {
    let [leaf, index] = this.lastAtOrBelow(from)
    while (leaf) {
      for (; index >= 0; index--) yield [leaf.keys[index]!, leaf.values[index]!]
      leaf = leaf.previous
      index = (leaf?.keys.length ?? 0) - 1
    }
  }

  /** The entry of the first key >= `key`. */
  getPairOrNextHigher(key: K): [K, V] | undefined {
    const [leaf, index] = this.position(key)
    return leaf ? [leaf.keys[index]!, leaf.values[index]!] : undefined
  }

  /** The entry of the first key > `key`. */
  nextHigherPair(key: K): [K, V] | undefined {
    let [leaf, index] = this.position(key)
    if (leaf && this.isAt(leaf.keys[index]!, key)) [leaf, index] = index + 1 < leaf.keys.length ? [leaf, index + 1] : [leaf.next, 0]
    return leaf ? [leaf.keys[index]!, leaf.values[index]!] : undefined
  }

  /** The entry of the last key < `key`. */
  nextLowerPair(key: K): [K, V] | undefined {
    const [leaf, index] = this.seek(key)
    return pairBefore(leaf, index)
  }

  /** Where `key` would go, in one descent: the entries of the last key < `key` and of the first key >= `key`. */
  neighbours(key: K): [lower: [K, V] | undefined, atOrAbove: [K, V] | undefined] {
    const [leaf, index] = this.seek(key)
    return [pairBefore(leaf, index), index < leaf.keys.length ? [leaf.keys[index]!, leaf.values[index]!] : undefined]
  }

  /** The index of the first key >= `key` among `keys` (keys.length when none). */
  private search(keys: K[], key: K): number {
    let low = 0
    let high = keys.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (this.isBelow(keys[middle]!, key)) low = middle + 1
      else high = middle
    }
    return low
  }

  /** Whether `found`, the first key >= `key` that a search found, is `key` itself: one comparison, not two. */
  private isAt(found: K, key: K): boolean {
    return !this.isBelow(key, found)
  }

  /**
   * The leaf `key` belongs in and the index of the first key >= `key` there: keys.length only when
   * `key` is above every key (the last leaf), since each branch key is the largest of its child's.
   */
  private seek(key: K): [Leaf<K, V>, number] {
    let node = this.root
    while (node instanceof Branch) {
      const index = this.search(node.keys, key)
      node = node.children[Math.min(index, node.keys.length - 1)]!
    }
    return [node, this.search(node.keys, key)]
  }

  /** The leaf and index of the first key >= `key`, or [undefined, 0] past the end. */
  private position(key: K): [Leaf<K, V> | undefined, number] {
    const [leaf, index] = this.seek(key)
    return index < leaf.keys.length ? [leaf, index] : [undefined, 0]
  }

  /** The leaf and index of the last key <= `key`, or [undefined, -1] before the start. */
  private lastAtOrBelow(key: K): [Leaf<K, V> | undefined, number] {
    const [leaf, index] = this.seek(key)
    if (index < leaf.keys.length && this.isAt(leaf.keys[index]!, key)) return [leaf, index]
    const before = index > 0 ? leaf : leaf.previous
    if (!before || before.keys.length === 0) return [undefined, -1]
    return [before, before === leaf ? index - 1 : before.keys.length - 1]
  }

  private firstLeaf(): Leaf<K, V> {
    let node = this.root
    while (node instanceof Branch) node = node.children[0]!
    return node
  }

  /** Inserts under `node`; returns the new right sibling when `node` had to split. `rightEdge`: no node lies right of `node`. */
  private insert(node: Node<K, V>, key: K, value: V, rightEdge: boolean): Node<K, V> | undefined {
    if (node instanceof Leaf) {
      const index = this.search(node.keys, key)
      if (index < node.keys.length && this.isAt(node.keys[index]!, key)) {
        node.values[index] = value
        return undefined
      }
      insertAt(node.keys, index, key)
      insertAt(node.values, index, value)
      this.count++
      return node.keys.length > MAX_LEAF_ENTRIES ? splitLeaf(node, splitPoint(node.keys.length, index, rightEdge)) : undefined
    }
    const found = this.search(node.keys, key)
    // A key above every other goes into the last child, whose largest key it becomes.
    const index = found === node.keys.length ? found - 1 : found
    const child = node.children[index]!
    const split = this.insert(child, key, value, rightEdge && index === node.keys.length - 1)
    node.keys[index] = lastKey(child)
    if (!split) return undefined
    insertAt(node.keys, index + 1, lastKey(split))
    insertAt(node.children, index + 1, split)
    return node.keys.length > MAX_BRANCH_ENTRIES ? splitBranch(node, splitPoint(node.keys.length, index + 1, rightEdge)) : undefined
  }

  private remove(node: Node<K, V>, key: K): boolean {
    const index = this.search(node.keys, key)
    if (index === node.keys.length) return false
    if (node instanceof Leaf) {
      if (!this.isAt(node.keys[index]!, key)) return false
      removeAt(node.keys, index)
      removeAt(node.values, index)
      this.count--
      return true
    }
    const child = node.children[index]!
    if (!this.remove(child, key)) return false
    if (child.keys.length > 0) {
      node.keys[index] = lastKey(child)
      return true
    }
    if (child instanceof Leaf) unlink(child)
    removeAt(node.keys, index)
    removeAt(node.children, index)
    return true
  }
}

/** The entry before (leaf, index) as `seek` returns it. */
function pairBefore<K, V>(at: Leaf<K, V>, atIndex: number): [K, V] | undefined {
  let leaf: Leaf<K, V> | undefined = at
  let index = atIndex - 1
  if (index < 0) {
    leaf = leaf.previous
    index = (leaf?.keys.length ?? 0) - 1
  }
  return leaf && index >= 0 ? [leaf.keys[index]!, leaf.values[index]!] : undefined
}

/**
 * Where a full node splits: in half, except when the entry just added at `added` is the last on the
 * tree's right edge. Keys arriving in ascending order (an increasing id, a timestamp) then leave full
 * nodes behind them instead of half-full ones, as SQLite's and InnoDB's B-trees do.
 */
function splitPoint(length: number, added: number, rightEdge: boolean): number {
  return rightEdge && added === length - 1 ? length - 1 : length >> 1
}

/** Cuts a node's list at `at` and returns the part from there on. */
function cutFrom<T>(list: T[], at: number): T[] {
  const upper = list.slice(at)
  list.length = at
  return upper
}

function splitLeaf<K, V>(leaf: Leaf<K, V>, at: number): Leaf<K, V> {
  const right = new Leaf<K, V>()
  right.keys = cutFrom(leaf.keys, at)
  right.values = cutFrom(leaf.values, at)
  right.next = leaf.next
  right.previous = leaf
  if (leaf.next) leaf.next.previous = right
  leaf.next = right
  return right
}

function splitBranch<K, V>(branch: Branch<K, V>, at: number): Branch<K, V> {
  const right = new Branch<K, V>()
  right.keys = cutFrom(branch.keys, at)
  right.children = cutFrom(branch.children, at)
  return right
}

function unlink<K, V>(leaf: Leaf<K, V>): void {
  if (leaf.previous) leaf.previous.next = leaf.next
  if (leaf.next) leaf.next.previous = leaf.previous
}
