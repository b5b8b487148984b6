/**
 * Runs `work` for the items, at most `concurrency` at a time, starting no new item once `stopped`
 * says so (items already started finish).
 */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, stopped: () => boolean, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length && !stopped()) await work(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
}
