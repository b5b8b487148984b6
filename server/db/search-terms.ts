import type { Filter } from 'mongodb'
import type { CreatorDocument } from './schemas/creator.ts'

/** Longer tokens are cut: nobody types 30 letters before expecting a match. */
const MAX_TERM_LENGTH = 24
const MAX_QUERY_TERMS = 6

/** Lowercase, accents folded, anything but letters and digits turned into spaces. */
export function normaliseSearchText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

function tokensOf(text: string): string[] {
  const normalised = normaliseSearchText(text)
  return normalised === '' ? [] : normalised.split(' ').map(token => token.slice(0, MAX_TERM_LENGTH))
}

/**
 * The stored search terms of a creator: every token of its names and handles with all its prefixes,
 * plus the whole name run together ("mr beast" also as "mrbeast"), so a multikey index answers
 * "starts with" by equality. Works on every engine, unlike $text.
 */
export function searchTermsFor(texts: string[]): string[] {
  const terms = new Set<string>()
  for (const text of texts) {
    const tokens = tokensOf(text)
    const joined = tokens.join('').slice(0, MAX_TERM_LENGTH)
    for (const token of tokens.length > 1 ? [...tokens, joined] : tokens) {
      for (let length = 1; length <= token.length; length++) terms.add(token.slice(0, length))
    }
  }
  return [...terms].sort()
}

/** The terms a query must all match (as prefixes of a name's or handle's tokens). */
export function searchQueryTerms(query: string): string[] {
  return [...new Set(tokensOf(query))].slice(0, MAX_QUERY_TERMS)
}

/** A filter for creators matching every term of the query; null for a query without letters or digits. */
export function creatorSearchFilter(query: string): Filter<CreatorDocument> | null {
  const terms = searchQueryTerms(query)
  if (terms.length === 0) return null
  return { $and: terms.map(term => ({ searchTerms: term })) }
}
