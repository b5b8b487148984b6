/** `@name` mentions in a text, lowercased, without the `@`. Handles may hold letters, digits, `.`, `_` and `-`. */
export function mentionedHandles(text: string): string[] {
  const handles = new Set<string>()
  for (const match of text.matchAll(/(?:^|[^\w@])@([\p{L}\p{N}._-]{2,40})/gu)) {
    handles.add(match[1]!.replace(/[._-]+$/, '').toLowerCase())
  }
  return [...handles]
}
