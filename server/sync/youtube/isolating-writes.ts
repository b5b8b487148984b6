/**
 * Writes a batch in one go and, when that fails, item by item, so one bad item (a creator whose
 * accounts clash, say) costs only itself. Returns what was written; `onFailure` hears about the rest.
 */
export async function writeIsolatingFailures<Input, Output>(
  inputs: Input[],
  write: (inputs: Input[]) => Promise<Output[]>,
  onFailure: (input: Input, error: unknown) => void,
): Promise<Output[]> {
  if (inputs.length === 0) return []
  try {
    return await write(inputs)
  }
  catch (error) {
    if (inputs.length === 1) {
      onFailure(inputs[0]!, error)
      return []
    }
  }
  const written: Output[] = []
  for (const input of inputs) {
    try {
      written.push(...await write([input]))
    }
    catch (error) {
      onFailure(input, error)
    }
  }
  return written
}
