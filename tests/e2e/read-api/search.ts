import { $fetch } from '@nuxt/test-utils/e2e'
import { expect, it } from 'vitest'
import { searchResultDtoSchema, type CreatorListDto } from '../../../shared/schemas/index.ts'

const search = async (query: string) => searchResultDtoSchema.parse(await $fetch(`/api/search?q=${encodeURIComponent(query)}`))

/** Search: match kinds, accents and case, operators and regex characters as plain text. */
export function describeSearch() {
  it('ranks an exact name first, then prefixes, then word prefixes', async () => {
    const all = (await $fetch<CreatorListDto>('/api/creators?limit=100&sort=name')).items
    const twoWords = all.find(creator => creator.name.includes(' ') && all.some(other => other !== creator && other.name.startsWith(creator.name.split(' ')[0]!)))!
    const firstWord = twoWords.name.split(' ')[0]!
    const exact = await search(twoWords.name.toUpperCase())
    expect(exact.items[0]).toMatchObject({ id: twoWords.id, match: 'exact' })
    const prefix = await search(firstWord)
    const kinds = prefix.items.map(item => item.match)
    expect(kinds).toEqual([...kinds].sort((a, b) => ['exact', 'prefix', 'word'].indexOf(a) - ['exact', 'prefix', 'word'].indexOf(b)))
    expect(prefix.items.filter(item => item.match === 'prefix').length).toBeGreaterThan(1)
    expect(prefix.total).toBeGreaterThanOrEqual(prefix.items.length)
  })

  it('ignores case and accents both ways', async () => {
    const all = (await $fetch<CreatorListDto>('/api/creators?limit=100&sort=name')).items
    const accented = all.find(creator => /[À-ÿ]/.test(creator.name))!
    expect(accented).toBeDefined()
    const plain = accented.name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
    expect((await search(plain)).items[0]).toMatchObject({ id: accented.id, match: 'exact' })
    expect((await search(accented.name.toUpperCase())).items[0]).toMatchObject({ id: accented.id })
  })

  it.each(['.*', '[', '$ne', '{"$gt":""}', '\\', '(?:a)', '%'])('treats %s as text, not an operator or pattern', async (query) => {
    const result = await search(query)
    expect(result.items.length).toBeLessThanOrEqual(result.total)
    expect(result.total).toBeLessThan(150)
  })
}
