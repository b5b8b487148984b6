import { open } from 'node:fs/promises'

/** Makes file creations, renames and deletions inside `dir` durable. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  }
  catch (error) {
    // Windows cannot open or fsync a directory; its metadata journaling is what we get there.
    if (process.platform !== 'win32') throw error
  }
  finally {
    await handle?.close()
  }
}
