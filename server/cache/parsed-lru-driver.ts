import { LRUCache } from 'lru-cache'
import { defineDriver, type StorageValue } from 'unstorage'

interface ParsedLruOptions {
  /** Most entries kept. */
  max: number
  /** Most bytes kept, counted as the serialized size. */
  maxSize: number
}

interface Stored {
  value: StorageValue
  size: number
}

/**
 * The Node server's response cache: unstorage's lru-cache driver, except that an entry is parsed once
 * when it is written and handed out as an object, which unstorage passes through unparsed. The stock
 * driver keeps the JSON text, so every cache hit parsed the whole stored answer again (tens of
 * kilobytes for a list) before sending the body string it contains. Readers get a shallow copy:
 * Nitro's cache adjusts an entry's fields while serving it.
 */
export default defineDriver((options: ParsedLruOptions) => {
  const cache = new LRUCache<string, Stored>({ max: options.max, maxSize: options.maxSize, sizeCalculation: stored => stored.size })
  const read = (key: string): StorageValue => {
    const stored = cache.get(key)
    if (stored === undefined) return null
    return stored.value !== null && typeof stored.value === 'object' ? { ...stored.value } : stored.value
  }
  const write = (key: string, value: unknown) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value)
    let parsed: StorageValue = text
    try {
      parsed = JSON.parse(text) as StorageValue
    }
    catch {
      // Not JSON (a raw string): kept as the text it is.
    }
    cache.set(key, { value: parsed, size: Math.max(1, key.length + text.length) })
  }
  return {
    name: 'parsed-lru',
    options,
    hasItem: key => cache.has(key),
    getItem: read,
    setItem: write,
    removeItem: (key) => {
      cache.delete(key)
    },
    getKeys: () => [...cache.keys()],
    clear: () => cache.clear(),
    dispose: () => cache.clear(),
  }
})
