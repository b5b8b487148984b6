import { DurableStore } from '../../../server/embedded-mongo/storage/durable-store.ts'
import type { DurableStoreOptions } from '../../../server/embedded-mongo/storage/durable-store.ts'
import { MemoryState } from './memory-state.ts'

export interface TestStore {
  store: DurableStore
  state: MemoryState
  warnings: string[]
}

export async function openTestStore(dir: string, options: Partial<DurableStoreOptions> = {}): Promise<TestStore> {
  const state = new MemoryState()
  const warnings: string[] = []
  const store = await DurableStore.open(
    { dir, log: message => warnings.push(message), ...options },
    { apply: state.apply, capture: () => state.capture() },
  )
  return { store, state, warnings }
}

/** Applies to memory first, then logs, the way the engine does. */
export function applyAndAppend(test: TestStore, changes: Parameters<DurableStore['append']>[0]): Promise<void> {
  for (const change of changes) test.state.apply(change)
  return test.store.append(changes)
}
